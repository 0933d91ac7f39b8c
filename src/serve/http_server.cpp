// SPDX-License-Identifier: Apache-2.0
// Boost.Beast (Debian's libboost-dev, header-only) on Asio TCP sockets, shaped like the authz
// plugin's server (src/authz/server.cpp, unix sockets): an async accept loop and one session
// object per connection.
#include "serve/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/text.hpp"

namespace berth::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Tcp = net::ip::tcp;

std::string Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) return v;
    }
    return {};
}

std::string Request::path() const {
    return target.substr(0, target.find('?'));
}

std::string Request::query(std::string_view key) const {
    const auto q = target.find('?');
    if (q == std::string::npos) return {};
    for (const auto& part : text::split(std::string_view(target).substr(q + 1), '&')) {
        const auto eq = part.find('=');
        if (part.substr(0, eq) == key) {
            return eq == std::string::npos ? std::string() : std::string(part.substr(eq + 1));
        }
    }
    return {};
}

Response error_response(unsigned status, std::string_view message) {
    Response r;
    r.status = status;
    r.body = nlohmann::json{{"error", std::string(message)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Result<std::pair<std::string, unsigned short>> parse_listen(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return fail(ErrorCode::InvalidArgument,
                    "listen address '" + std::string(text) + "' is not HOST:PORT", "--listen");
    }
    std::string host(text.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.empty()) host = "0.0.0.0";
    const std::string port(text.substr(colon + 1));
    char* end = nullptr;
    const long n = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || n < 0 || n > 65535) {
        return fail(ErrorCode::InvalidArgument,
                    "bad port in listen address '" + std::string(text) + "'", "--listen");
    }
    return std::pair{host, static_cast<unsigned short>(n)};
}

struct HttpServer::Impl {
    HttpOptions options;
    Handler handler;
    net::io_context ioc;
    Tcp::acceptor acceptor{ioc};
    std::vector<std::thread> threads;
    std::once_flag stopped;

    void accept();
};

namespace {

Response call_handler(const Handler& handler, const Request& req) {
    try {
        return handler(req);
    } catch (const std::exception& e) {
        return error_response(500, std::string("internal error: ") + e.what());
    } catch (...) {
        return error_response(500, "internal error");
    }
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(Tcp::socket socket, HttpServer::Impl& srv) : stream_(std::move(socket)), srv_(srv) {}
    void start() { read(); }

  private:
    void read() {
        parser_.emplace();
        parser_->header_limit(16U * 1024U);
        parser_->body_limit(srv_.options.max_body);
        stream_.expires_after(srv_.options.idle_timeout);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }
    void on_read(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            return respond(
                error_response(
                    413, "request body over " + std::to_string(srv_.options.max_body) + " bytes"),
                false);
        }
        if (ec) return close();
        const auto& msg = parser_->get();
        Request req;
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        for (const auto& f : msg) {
            req.headers.emplace_back(text::lower(std::string(f.name_string())),
                                     std::string(f.value()));
        }
        req.body = msg.body();
        respond(call_handler(srv_.handler, req), msg.keep_alive());
    }
    void respond(Response reply, bool keep_alive) {
        res_ = {};
        res_.version(11);
        res_.result(reply.status);
        res_.set(http::field::content_type, reply.content_type);
        for (const auto& [k, v] : reply.headers) res_.set(k, v);
        res_.body() = std::move(reply.body);
        res_.keep_alive(keep_alive);
        res_.prepare_payload();
        http::async_write(
            stream_, res_,
            [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                if (ec || !keep_alive) return self->close();
                self->read();
            });
    }
    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(Tcp::socket::shutdown_both, ec);
    }

    beast::tcp_stream stream_;
    HttpServer::Impl& srv_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> res_;
};

}  // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(ioc, [this](beast::error_code ec, Tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) std::make_shared<Session>(std::move(socket), *this)->start();
        accept();
    });
}

HttpServer::HttpServer(HttpOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() {
    stop();
    for (auto& t : impl_->threads) {
        if (t.joinable()) t.join();
    }
}

Status HttpServer::start() {
    Impl& s = *impl_;
    auto listen = parse_listen(s.options.listen);
    if (!listen) return fail(listen.error());
    beast::error_code ec;
    const auto address = net::ip::make_address(listen->first, ec);
    if (ec) {
        return fail(ErrorCode::InvalidArgument, "bad host in listen address: " + ec.message(),
                    s.options.listen);
    }
    const Tcp::endpoint endpoint(address, listen->second);
    s.acceptor.open(endpoint.protocol(), ec);
    if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) s.acceptor.bind(endpoint, ec);
    if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail(ErrorCode::Io, "cannot listen: " + ec.message(), s.options.listen);
    s.accept();
    const unsigned n = std::max(1U, s.options.threads);
    for (unsigned i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.ioc.run(); });
    return {};
}

unsigned short HttpServer::port() const {
    beast::error_code ec;
    const auto ep = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void HttpServer::stop() {
    Impl& s = *impl_;
    std::call_once(s.stopped, [&s] { s.ioc.stop(); });
}

void HttpServer::wait(bool handle_signals) {
    Impl& s = *impl_;
    std::optional<net::signal_set> signals;
    if (handle_signals) {
        signals.emplace(s.ioc, SIGINT, SIGTERM);
        signals->async_wait([this](beast::error_code ec, int) {
            if (!ec) stop();
        });
    }
    for (auto& t : s.threads) {
        if (t.joinable()) t.join();
    }
}

}  // namespace berth::serve
