// SPDX-License-Identifier: Apache-2.0
// `berth authz serve`: the legacy Docker plugin protocol over HTTP/1.1 on a unix socket
// (docs/authz.md). Boost.Beast over Asio's local stream sockets, a few threads running one
// io_context; every connection reads requests with header and body limits and a timeout:
//
//   POST /Plugin.Activate          → 200 {"Implements":["authz"]}
//   POST /AuthZPlugin.AuthZReq     → 200 {"Allow":bool,"Msg":…} (decide.hpp), one audit line
//   POST /AuthZPlugin.AuthZRes     → 200 {"Allow":true}  (decisions are made on the request)
//   anything else                  → 404/405 {"Err":…};  an internal error → 500 {"Err":…}
//
// dockerd ignores an Err in a 200 reply, so every failure is a non-200 status, which dockerd
// turns into a refused request. The policy is swapped atomically on SIGHUP and when the policy
// file changes (polled); a policy that fails to load keeps the old one and is logged.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "authz/audit_log.hpp"
#include "authz/decide.hpp"
#include "authz/policy.hpp"
#include "core/result.hpp"

namespace berth::authz {

/// Default socket: where dockerd looks for a legacy plugin called "berth".
inline constexpr std::string_view kDefaultSocket = "/run/docker/plugins/berth.sock";

struct ServerOptions {
    std::string socket_path = std::string(kDefaultSocket);
    std::string policy_path;
    unsigned threads = 4;
    /// Most bytes of one AuthZReq HTTP body (the base64 RequestBody inside it is checked
    /// against the policy's max-body for a clear denial first); larger → 413.
    std::size_t max_request = 8U << 20U;
    /// Most bytes of one AuthZRes HTTP body (responses are not judged, only read and dropped).
    std::size_t max_response = 64U << 20U;
    std::chrono::milliseconds idle_timeout{30'000};
    std::chrono::milliseconds reload_poll{2'000};  ///< policy file change check; 0 = off
    AuditLog* audit = nullptr;
    DecideOptions decide;
};

/// A status and JSON body answering one plugin call.
struct PluginReply {
    unsigned status = 200;
    std::string body;
};

/// Answers one plugin call (pure apart from the audit log): the routing table above.
PluginReply handle_plugin_call(std::string_view method, std::string_view target,
                               std::string_view body, const Policy& policy,
                               const DecideOptions& options, AuditLog* audit);

/// The running plugin server.
class Server {
  public:
    Server(ServerOptions options, std::shared_ptr<const Policy> policy);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the socket (or adopts the systemd-activated one, LISTEN_FDS) and starts the
    /// threads. Errors: Io naming the socket path.
    Status start();
    /// Blocks until stop() or SIGINT/SIGTERM (when `handle_signals`); SIGHUP reloads.
    void wait(bool handle_signals);
    void stop();
    /// Reloads the policy file now. Errors: the new policy's; the old one stays in force.
    Status reload();
    /// The policy in force.
    [[nodiscard]] std::shared_ptr<const Policy> policy() const;

    struct Impl;  ///< the Asio state (server.cpp)

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace berth::authz
