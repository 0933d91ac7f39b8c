// SPDX-License-Identifier: Apache-2.0
// `berth serve`: scan images as they are pushed to a registry, keep their bills of materials,
// match them again when the advisory database changes and notify (src/serve/, docs/serve.md).
#include <cstdlib>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "scan/scan.hpp"
#include "serve/service.hpp"

namespace berth::cli {
namespace {

struct ServeOptions {
    std::string listen = "127.0.0.1:8080";
    std::string data_dir;
    std::string db;
    unsigned workers = 2;
    unsigned threads = 2;
    std::string webhook_secret;
    std::string registry;
    std::vector<std::string> insecure_registries;
    std::vector<std::string> notify;
    std::string db_poll = "30s";
    std::size_t max_body_kib = 1024;
};

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v == nullptr || *v == '\0' ? fallback : std::string(v);
}

int run_serve(const ServeOptions& o) {
    auto poll = scan::parse_duration(o.db_poll);
    if (!poll) {
        print_error(poll.error());
        return kExitUsage;
    }
    serve::ServiceOptions so;
    so.data_dir = o.data_dir;
    so.db_path = o.db.empty() ? env_or("BERTH_DB", "") : o.db;
    so.workers = o.workers;
    so.webhook_secret =
        o.webhook_secret.empty() ? env_or("BERTH_WEBHOOK_SECRET", "") : o.webhook_secret;
    so.api_token = env_or("BERTH_SERVE_TOKEN", "");
    so.registry = o.registry;
    so.insecure_registries = o.insecure_registries;
    so.notify_urls = o.notify;
    so.db_poll = std::chrono::duration_cast<std::chrono::milliseconds>(*poll);
    auto service = serve::Service::create(so);
    if (!service) {
        print_error(service.error());
        return kExitRuntime;
    }
    serve::HttpOptions ho;
    ho.listen = o.listen;
    ho.threads = o.threads;
    ho.max_body = o.max_body_kib * 1024;
    serve::Service& svc = **service;
    serve::HttpServer http(ho, [&svc](const serve::Request& r) { return svc.handle(r); });
    if (auto s = http.start(); !s) {
        print_error(s.error());
        return s.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    svc.start();
    std::cerr << "berth serve: listening on " << o.listen << " (port " << http.port()
              << "), data in " << o.data_dir << std::endl;
    http.wait(true);
    svc.stop();
    std::cerr << "berth serve: stopped" << std::endl;
    return kExitOk;
}

}  // namespace

Command register_serve(CLI::App& root, const GlobalOptions&) {
    auto opt = std::make_shared<ServeOptions>();
    auto* cmd = root.add_subcommand(
        "serve", "Scan images on registry push, keep their SBOMs, re-match on advisory updates");
    cmd->footer(
        "Examples:\n"
        "  berth serve --data-dir /var/lib/berth --notify https://hooks.example/berth\n"
        "  # registry config.yml: notifications.endpoints[].url = "
        "http://127.0.0.1:8080/webhooks/registry\n"
        "Environment: BERTH_SERVE_TOKEN (API token), BERTH_WEBHOOK_SECRET, BERTH_DB.");
    cmd->add_option("--listen", opt->listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    cmd->add_option("--data-dir", opt->data_dir, "Directory for serve.db and the layer cache")
        ->required();
    cmd->add_option(
        "--db", opt->db,
        "Advisory database (default $BERTH_DB, else $XDG_CACHE_HOME/berth/db/berth.db)");
    cmd->add_option("--workers", opt->workers, "Scans at once")
        ->check(CLI::Range(1U, 64U))
        ->capture_default_str();
    cmd->add_option("--threads", opt->threads, "HTTP threads")
        ->check(CLI::Range(1U, 64U))
        ->capture_default_str();
    cmd->add_option("--webhook-secret", opt->webhook_secret,
                    "Require this Authorization value (or Bearer value) on the webhook");
    cmd->add_option("--registry", opt->registry,
                    "Pull pushed images from this HOST[:PORT] instead of the one events name");
    cmd->add_option("--insecure-registry", opt->insecure_registries,
                    "Registry reachable over plain HTTP (repeatable; loopback always is)");
    cmd->add_option("--notify", opt->notify,
                    "POST new findings as JSON to this URL (repeatable; retried with backoff)");
    cmd->add_option("--db-poll", opt->db_poll,
                    "How often to check the advisory database for changes (0: never)")
        ->capture_default_str();
    cmd->add_option("--max-body", opt->max_body_kib, "Largest request body in KiB")
        ->check(CLI::Range(std::size_t{1}, std::size_t{64} * 1024))
        ->capture_default_str();
    return {cmd, [opt] { return run_serve(*opt); }};
}

}  // namespace berth::cli
