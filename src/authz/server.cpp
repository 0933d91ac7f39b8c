// SPDX-License-Identifier: Apache-2.0
// Boost.Beast (Debian's libboost-dev, header-only) on Asio local stream sockets: an async accept
// loop and one session object per connection, run by a few threads on one io_context.
#include "authz/server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace berth::authz {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Local = net::local::stream_protocol;
using Stream = beast::basic_stream<Local, net::any_io_executor, beast::unlimited_rate_policy>;

constexpr const char* kContentType = "application/vnd.docker.plugins.v1+json";

std::string err_json(std::string_view message) {
    return nlohmann::json{{"Err", std::string(message)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

PluginReply handle_plugin_call(std::string_view method, std::string_view target,
                               std::string_view body, const Policy& policy,
                               const DecideOptions& options, AuditLog* audit) {
    try {
        if (method != "POST") return {405, err_json("plugin calls are POST requests")};
        if (target == "/Plugin.Activate") return {200, R"({"Implements":["authz"]})"};
        if (target == "/AuthZPlugin.AuthZRes") return {200, R"({"Allow":true})"};
        if (target != "/AuthZPlugin.AuthZReq") {
            return {404, err_json("unknown plugin method " + std::string(target))};
        }
        Decision d = decide_json(policy, body, options);
        if (audit != nullptr) audit->write(d);
        return {200, reply_json(d)};
    } catch (const std::exception& e) {
        return {500, err_json(std::string("berth authz internal error: ") + e.what())};
    } catch (...) {
        return {500, err_json("berth authz internal error")};
    }
}

struct Server::Impl {
    ServerOptions options;
    mutable std::mutex mu;
    std::mutex reload_mu;  ///< one reload at a time; guards policy_mtime and policy_size
    std::shared_ptr<const Policy> policy;
    net::io_context ioc;
    Local::acceptor acceptor{ioc};
    net::steady_timer poll{ioc};
    std::vector<std::thread> threads;
    std::filesystem::file_time_type policy_mtime{};
    std::uintmax_t policy_size = 0;
    std::once_flag stopped;
    bool created_socket = false;

    std::shared_ptr<const Policy> current() const {
        std::lock_guard lock(mu);
        return policy;
    }
    void accept();
    void watch();
    void remember_policy_file();
    Status reload();
    void log(const std::string& line) const { std::cerr << "berth authz: " << line << std::endl; }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(Local::socket socket, Server::Impl& srv) : stream_(std::move(socket)), srv_(srv) {}
    void start() { read_header(); }

  private:
    void read_header() {
        parser_.emplace();
        parser_->header_limit(16U * 1024U);
        // A Content-Length is checked against the limit as the header completes, before
        // on_header() can pick the target's limit: start from the larger one.
        parser_->body_limit(std::max(srv_.options.max_request, srv_.options.max_response));
        stream_.expires_after(srv_.options.idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    self->on_header(ec);
                                });
    }
    void on_header(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            return respond({413, err_json("plugin request over the size limit")}, false);
        }
        if (ec) return close();
        const bool res = parser_->get().target() == "/AuthZPlugin.AuthZRes";
        const std::size_t limit = res ? srv_.options.max_response : srv_.options.max_request;
        if (const auto length = parser_->content_length(); length && *length > limit) {
            return respond({413, err_json("plugin request over the size limit")}, false);
        }
        parser_->body_limit(limit);  // what chunked bodies may still add
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
    }
    void on_read(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            return respond({413, err_json("plugin request over the size limit")}, false);
        }
        if (ec) return close();
        const auto& req = parser_->get();
        const auto policy = srv_.current();
        const auto method = req.method_string();
        const auto target = req.target();
        PluginReply reply =
            handle_plugin_call(std::string_view(method.data(), method.size()),
                               std::string_view(target.data(), target.size()), req.body(), *policy,
                               srv_.options.decide, srv_.options.audit);
        respond(std::move(reply), req.keep_alive());
    }
    void respond(PluginReply reply, bool keep_alive) {
        res_ = {};
        res_.version(11);
        res_.result(reply.status);
        res_.set(http::field::content_type, kContentType);
        res_.body() = std::move(reply.body);
        res_.keep_alive(keep_alive);
        res_.prepare_payload();
        http::async_write(
            stream_, res_,
            [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive) return self->close();
                self->read_header();
            });
    }
    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(Local::socket::shutdown_send, ec);
    }

    Stream stream_;
    Server::Impl& srv_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> res_;
};

// The socket systemd passed (LISTEN_FDS=1 for this pid), else -1.
int activated_socket() {
    const char* fds = std::getenv("LISTEN_FDS");
    const char* pid = std::getenv("LISTEN_PID");
    if (fds == nullptr || pid == nullptr || std::string(fds) != "1") return -1;
    if (std::to_string(::getpid()) != pid) return -1;
    return 3;
}

}  // namespace

void Server::Impl::accept() {
    acceptor.async_accept(ioc, [this](beast::error_code ec, Local::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) std::make_shared<Session>(std::move(socket), *this)->start();
        accept();
    });
}

void Server::Impl::remember_policy_file() {
    std::error_code ec;
    policy_mtime = std::filesystem::last_write_time(options.policy_path, ec);
    policy_size = std::filesystem::file_size(options.policy_path, ec);
}

void Server::Impl::watch() {
    if (options.reload_poll.count() <= 0 || options.policy_path.empty()) return;
    poll.expires_after(options.reload_poll);
    poll.async_wait([this](beast::error_code ec) {
        if (ec) return;
        std::error_code fe;
        const auto mtime = std::filesystem::last_write_time(options.policy_path, fe);
        const auto size = std::filesystem::file_size(options.policy_path, fe);
        bool changed = false;
        {
            std::lock_guard lock(reload_mu);
            changed = !fe && (mtime != policy_mtime || size != policy_size);
        }
        if (changed) (void)reload();
        watch();
    });
}

Status Server::Impl::reload() {
    std::lock_guard reload_lock(reload_mu);
    remember_policy_file();
    auto p = load_policy(options.policy_path);
    if (!p) {
        log("policy reload failed, the previous policy stays in force: " + p.error().to_string());
        if (options.audit != nullptr) {
            options.audit->write_line(
                nlohmann::json{{"event", "reload"}, {"ok", false}, {"error", p.error().to_string()}}
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
        return fail(p.error());
    }
    for (const auto& n : p->notes) log(n);
    {
        std::lock_guard lock(mu);
        policy = std::make_shared<const Policy>(std::move(*p));
    }
    log("policy reloaded from " + options.policy_path);
    if (options.audit != nullptr) {
        options.audit->write_line(
            nlohmann::json{{"event", "reload"}, {"ok", true}, {"policy", options.policy_path}}.dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return {};
}

Server::Server(ServerOptions options, std::shared_ptr<const Policy> policy)
    : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->policy = std::move(policy);
}

Server::~Server() {
    stop();
    for (auto& t : impl_->threads) {
        if (t.joinable()) t.join();
    }
    beast::error_code ec;
    impl_->acceptor.close(ec);
    if (impl_->created_socket) ::unlink(impl_->options.socket_path.c_str());
}

Status Server::start() {
    Impl& s = *impl_;
    beast::error_code ec;
    const std::string& path = s.options.socket_path;
    if (const int fd = activated_socket(); fd >= 0) {
        s.acceptor.assign(Local(), fd, ec);
        if (ec) return fail(ErrorCode::Io, "cannot adopt the activated socket: " + ec.message());
    } else {
        std::error_code fe;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), fe);
        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
        s.acceptor.open(Local(), ec);
        if (!ec) s.acceptor.bind(Local::endpoint(path), ec);
        if (!ec) ::chmod(path.c_str(), 0660);
        s.created_socket = !ec;
        if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec) return fail(ErrorCode::Io, "cannot listen: " + ec.message(), path);
    }
    s.remember_policy_file();
    s.accept();
    s.watch();
    const unsigned n = std::max(1U, s.options.threads);
    for (unsigned i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.ioc.run(); });
    return {};
}

void Server::wait(bool handle_signals) {
    Impl& s = *impl_;
    std::shared_ptr<net::signal_set> signals;
    std::function<void()> arm;
    if (handle_signals) {
        signals = std::make_shared<net::signal_set>(s.ioc, SIGINT, SIGTERM, SIGHUP);
        arm = [this, signals, &arm] {
            signals->async_wait([this, &arm](beast::error_code ec, int sig) {
                if (ec) return;
                if (sig != SIGHUP) return stop();
                (void)impl_->reload();
                arm();
            });
        };
        arm();
    }
    for (auto& t : s.threads) {
        if (t.joinable()) t.join();
    }
}

void Server::stop() {
    Impl& s = *impl_;
    std::call_once(s.stopped, [&s] { s.ioc.stop(); });
}

Status Server::reload() {
    return impl_->reload();
}

std::shared_ptr<const Policy> Server::policy() const {
    return impl_->current();
}

}  // namespace berth::authz
