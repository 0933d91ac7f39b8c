// SPDX-License-Identifier: Apache-2.0
// `berth sbom IMAGE`: the bill of materials — installed OS packages with the layer that put each
// one there — as CycloneDX 1.6, SPDX 2.3, berth JSON or a table. It is the scan stage without
// vulnerabilities (scan::ScanRequest kind Sbom) and the writer table of src/report/.
#include "cli/commands/commands.hpp"
#include "scan/scan.hpp"

namespace berth::cli {
namespace {

struct SbomOptions {
    std::string image;
    std::string format = "table";
    std::string output;
    CacheOptions cache;
    WalkOptions walk;
};

int run_sbom(const SbomOptions& opt, const GlobalOptions& global) {
    scan::ScanRequest req;
    if (int code = fill_request(opt.image, opt.walk, opt.cache, req); code != kExitOk) return code;
    req.kind = report::Kind::Sbom;
    auto progress = make_progress(global);
    auto rep = scan::scan(req, *progress);
    if (!rep) {
        print_error(rep.error());
        return rep.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    print_warnings(*rep, global);
    return write_report(*rep, opt.format, opt.output);
}

}  // namespace

Command register_sbom(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<SbomOptions>();
    auto* cmd = root.add_subcommand(
        "sbom",
        "List what an image holds (OS packages from dpkg, apk and rpm databases, with the layer "
        "that introduced each) as CycloneDX 1.6, SPDX 2.3, JSON or a table");
    cmd->footer(
        std::string(kImageForms) +
        "  sbom:FILE                            re-encode an existing CycloneDX/SPDX SBOM\n"
        "\nPer-layer results are cached by diffID (--cache-dir, default $XDG_CACHE_HOME/berth), so "
        "a\n"
        "rescan, or a scan of an image sharing base layers, skips those layers.\n"
        "Set SOURCE_DATE_EPOCH for reproducible CycloneDX/SPDX output (timestamp and serial).\n"
        "\nExamples:\n"
        "  berth sbom oci:./images:app\n"
        "  berth sbom --format cyclonedx -o app.cdx.json docker-archive:app.tar\n"
        "  berth sbom --format spdx alpine:3.19\n"
        "  berth sbom --format spdx --no-cache rootfs:/srv/chroot");
    cmd->add_option("IMAGE", opt->image, "Image to list; see IMAGE forms below")->required();
    add_format_option(*cmd, opt->format, report::Kind::Sbom);
    cmd->add_option("-o,--output", opt->output, "Write the SBOM to FILE instead of stdout");
    add_cache_options(*cmd, opt->cache);
    add_walk_options(*cmd, opt->walk);
    return {cmd, [opt, &global] { return run_sbom(*opt, global); }};
}

}  // namespace berth::cli
