// SPDX-License-Identifier: Apache-2.0
// What a Java archive says about its own identity (Maven group, artifact, version), file by file,
// for lang/jar. Each reader is pure: bytes in, coordinates out (empty fields when not stated).
//
//   META-INF/maven/G/A/pom.properties   groupId=org.slf4j / artifactId=slf4j-api / version=1.7.30
//       (java.util.Properties lines, as maven-archiver writes them; Trivy parsePomProperties)
//   META-INF/maven/G/A/pom.xml          <project><groupId>…</groupId><artifactId>…</artifactId>
//       <version>…</version><parent>…</parent></project> (group and version from <parent> when
//       the project omits them, as Maven inherits them)
//   META-INF/MANIFEST.MF                the main section (JAR File Specification, "JAR Manifest"):
//       group   Implementation-Vendor-Id, else Bundle-SymbolicName without its last ".part",
//               else Implementation-Vendor, else Specification-Vendor
//       artifact Implementation-Title, else Specification-Title, else Bundle-Name
//       version Implementation-Version, else Specification-Version, else Bundle-Version
//       (Trivy's manifest.properties; values starting with '%' are unresolved variables: skipped)
//   the file name                       spring-core-5.3.4-SNAPSHOT.jar → spring-core 5.3.4-SNAPSHOT
//       (Trivy's jarFileRegEx: the LAST "-<digit>" split whose left part is a plausible name)
#pragma once

#include <string>
#include <string_view>

namespace berth::analyze::lang {

struct MavenCoordinates {
    std::string group;
    std::string artifact;
    std::string version;
    /// All three set (Trivy's Properties.Valid).
    [[nodiscard]] bool complete() const {
        return !group.empty() && !artifact.empty() && !version.empty();
    }
};

MavenCoordinates parse_pom_properties(std::string_view text);
MavenCoordinates parse_pom_xml(std::string_view text);
MavenCoordinates parse_manifest(std::string_view text);
/// Artifact and version from a base name ending in ".jar"; empty when it does not fit.
MavenCoordinates parse_jar_file_name(std::string_view base_name);

}  // namespace berth::analyze::lang
