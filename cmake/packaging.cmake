# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` and the Debian package (CPack DEB; scripts/package.sh) hold besides the
# binary: man pages and shell completions generated from the --help texts by the binary just
# built (src/cli/help_export.hpp), the systemd units, the copyright file. docs/packaging.md.

set(BERTH_GEN ${PROJECT_BINARY_DIR}/generated)
add_custom_command(
  OUTPUT ${BERTH_GEN}/stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${BERTH_GEN}/man
  COMMAND berth manpages ${BERTH_GEN}/man > /dev/null
  # Debian policy 12.3: man pages compressed with gzip -9n (no name, no timestamp).
  COMMAND sh -c "gzip -9nf ${BERTH_GEN}/man/*.1"
  COMMAND berth completion bash > ${BERTH_GEN}/berth.bash
  COMMAND berth completion zsh > ${BERTH_GEN}/_berth
  COMMAND berth completion fish > ${BERTH_GEN}/berth.fish
  COMMAND ${CMAKE_COMMAND} -E touch ${BERTH_GEN}/stamp
  DEPENDS berth
  COMMENT "Generating man pages and shell completions from berth --help"
  VERBATIM)
add_custom_target(berth_generated ALL DEPENDS ${BERTH_GEN}/stamp)

include(GNUInstallDirs)
install(DIRECTORY ${BERTH_GEN}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${BERTH_GEN}/berth.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME berth)
install(FILES ${BERTH_GEN}/_berth DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${BERTH_GEN}/berth.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
# systemd units in /lib/systemd/system (Debian 12's systemd unit directory for packages).
install(FILES contrib/authz/berth-authz.service contrib/authz/berth-authz.socket
              contrib/serve/berth-serve.service DESTINATION lib/systemd/system)
install(FILES contrib/authz/seed-policy.yaml contrib/authz/strict-policy.yaml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/berth/examples/authz)
install(FILES contrib/debian/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/berth)
install(FILES ${PROJECT_BINARY_DIR}/generated-changelog.gz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/berth RENAME changelog.gz)
file(WRITE ${PROJECT_BINARY_DIR}/generated-changelog
     "berth (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * Release ${PROJECT_VERSION}; see the project's git history.\n\n"
     " -- berth maintainers <maintainers@berth.invalid>  Mon, 07 Dec 2026 00:00:00 +0000\n")
execute_process(COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/generated-changelog)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME berth)
set(CPACK_PACKAGE_VENDOR "berth maintainers")
set(CPACK_PACKAGE_CONTACT "berth maintainers <maintainers@berth.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "container security scanner, auditor and signer")
# One string (a CMake list would put ';' between the lines); lines under 80 columns (lintian).
set(CPACK_PACKAGE_DESCRIPTION
    "berth lists what is inside container images (OS and application packages,
with the layer that added each), matches them against an offline advisory
database built from the upstream feeds, checks Dockerfiles, image
configuration and container settings, finds secrets in layers, audits a
Docker host against the CIS Docker Benchmark, signs and verifies images and
files (cosign-compatible), and runs as a fail-closed Docker authorization
plugin.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # berth_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/berth/berth")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from dpkg-shlibdeps, as debhelper does
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# TLS to registries and feeds; PKCS#11 keys (berth sign --key pkcs11:…) load a module at run time.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "docker.io, softhsm2, opensc-pkcs11")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Directories in the package belong to root with mode 0755, as dpkg expects.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
    GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
include(CPack)
