// SPDX-License-Identifier: Apache-2.0
// libcurl "multi" interface driven from ByteStream::read(): each read pumps the transfer until
// bytes are buffered. The write callback pauses the transfer once kMaxBuffered bytes wait, so
// memory stays bounded whatever the blob size.
#include "net/http.hpp"

#include <curl/curl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/text.hpp"

namespace berth::net {
namespace {

constexpr std::size_t kMaxBuffered = 1U << 20U;
constexpr std::uint64_t kMaxErrorBody = 64U << 10U;

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// A header line as curl hands it: OWS (RFC 9110 §5.6.3: SP, HTAB) around the value, CRLF after.
constexpr std::string_view kHeaderBlanks = " \t\r\n";

// Whether a transport error may succeed on another try (nothing was handed out yet).
bool retryable_curl(CURLcode c) {
    return c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT || c == CURLE_GOT_NOTHING ||
           c == CURLE_RECV_ERROR || c == CURLE_SEND_ERROR || c == CURLE_PARTIAL_FILE;
}

class Transfer {
  public:
    explicit Transfer(const HttpRequest& req) : url_(req.url) {
        global_init();
        easy_ = curl_easy_init();
        multi_ = curl_multi_init();
        curl_easy_setopt(easy_, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
        curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
        curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
        curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
        curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, errbuf_);
        curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT, 30L);
        // Abort when the peer sends nothing for 60 s (a stalled registry), not on slow links.
        curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME, 60L);
        curl_easy_setopt(easy_, CURLOPT_USERAGENT, "berth");
        curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
        // An https request is never followed down to plain http.
        curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR,
                         req.url.rfind("https:", 0) == 0 ? "https" : "http,https");
        if (req.follow_redirects) {
            curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, 10L);
        }
        if (!req.unix_socket.empty()) {
            curl_easy_setopt(easy_, CURLOPT_UNIX_SOCKET_PATH, req.unix_socket.c_str());
        }
        if (!req.verify_tls) {
            curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        if (!req.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, req.ca_file.c_str());
        if (!req.cert_file.empty()) curl_easy_setopt(easy_, CURLOPT_SSLCERT, req.cert_file.c_str());
        if (!req.key_file.empty()) curl_easy_setopt(easy_, CURLOPT_SSLKEY, req.key_file.c_str());
        for (const auto& h : req.headers) headers_ = curl_slist_append(headers_, h.c_str());
        if (headers_ != nullptr) curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
        if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
            // PUT and PATCH send the body as POST does, under their own method name.
            curl_easy_setopt(easy_, CURLOPT_POST, 1L);
            curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, req.body.c_str());
            curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(req.body.size()));
            if (req.method != "POST")
                curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        } else if (req.method == "HEAD") {
            curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
        } else if (req.method != "GET") {
            curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        }
        curl_multi_add_handle(multi_, easy_);
    }
    ~Transfer() {
        curl_multi_remove_handle(multi_, easy_);
        curl_easy_cleanup(easy_);
        curl_multi_cleanup(multi_);
        curl_slist_free_all(headers_);
    }
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    // Runs until body bytes wait or the transfer ended.
    void pump() {
        while (pos_ == buf_.size() && !done_) {
            if (paused_) {
                paused_ = false;
                curl_easy_pause(easy_, CURLPAUSE_CONT);
            }
            int running = 0;
            CURLMcode mc = curl_multi_perform(multi_, &running);
            if (mc != CURLM_OK) {
                done_ = true;
                result_ = CURLE_RECV_ERROR;
                break;
            }
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
                if (msg->msg == CURLMSG_DONE) {
                    done_ = true;
                    result_ = msg->data.result;
                }
            }
            if (pos_ < buf_.size() || done_) break;
            curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
        }
    }

    Result<std::size_t> read(void* out, std::size_t size) {
        if (pos_ == buf_.size()) pump();
        if (pos_ < buf_.size()) {
            std::size_t n = std::min(size, buf_.size() - pos_);
            std::memcpy(out, buf_.data() + pos_, n);
            pos_ += n;
            handed_ += n;
            if (pos_ == buf_.size()) {
                buf_.clear();
                pos_ = 0;
            }
            return n;
        }
        if (result_ == CURLE_OK) return std::size_t{0};
        return fail(ErrorCode::Truncated,
                    "connection lost after " + std::to_string(handed_) +
                        " bytes of the body: " + error_text(),
                    url_);
    }

    [[nodiscard]] bool done() const { return done_; }
    [[nodiscard]] bool has_body() const { return pos_ < buf_.size(); }
    [[nodiscard]] CURLcode result() const { return result_; }
    [[nodiscard]] long status() const {
        long code = 0;
        curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &code);
        return code;
    }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& headers() const {
        return response_headers_;
    }
    [[nodiscard]] std::string error_text() const {
        std::string s = errbuf_[0] != '\0' ? std::string(errbuf_) : curl_easy_strerror(result_);
        return s;
    }
    [[nodiscard]] const std::string& url() const { return url_; }
    // errno of the last failed connect(2) (ENOENT: no socket file, ECONNREFUSED: no listener).
    [[nodiscard]] long os_errno() const {
        long e = 0;
        curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &e);
        return e;
    }

  private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* self_ptr) {
        auto* self = static_cast<Transfer*>(self_ptr);
        if (self->buf_.size() - self->pos_ >= kMaxBuffered) {
            self->paused_ = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        self->buf_.append(data, size * n);
        return size * n;
    }
    static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* self_ptr) {
        auto* self = static_cast<Transfer*>(self_ptr);
        std::string_view line(data, size * n);
        if (line.rfind("HTTP/", 0) == 0) {
            self->response_headers_.clear();  // a new hop (redirect, 100-continue)
        } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
            self->response_headers_.emplace_back(
                text::lower(text::trim(line.substr(0, colon), kHeaderBlanks)),
                std::string(text::trim(line.substr(colon + 1), kHeaderBlanks)));
        }
        return size * n;
    }

    std::string url_;
    CURL* easy_ = nullptr;
    CURLM* multi_ = nullptr;
    curl_slist* headers_ = nullptr;
    char errbuf_[CURL_ERROR_SIZE] = {};
    std::string buf_;
    std::size_t pos_ = 0;
    std::uint64_t handed_ = 0;
    bool paused_ = false;
    bool done_ = false;
    CURLcode result_ = CURLE_OK;
    std::vector<std::pair<std::string, std::string>> response_headers_;
};

class BodyStream final : public ByteStream {
  public:
    explicit BodyStream(std::unique_ptr<Transfer> t) : t_(std::move(t)) {}
    Result<std::size_t> read(void* buf, std::size_t size) override { return t_->read(buf, size); }

  private:
    std::unique_ptr<Transfer> t_;
};

std::chrono::milliseconds wait_for(const HttpResponse* head, const RetryPolicy& retry,
                                   int attempt) {
    std::chrono::milliseconds backoff = retry.initial_backoff * (1L << std::min(attempt, 10));
    if (head != nullptr) {
        if (auto ra = head->header("retry-after")) {
            if (auto secs = parse_retry_after(*ra)) {
                backoff = std::chrono::duration_cast<std::chrono::milliseconds>(*secs);
            }
        }
    }
    return std::min(backoff, retry.max_wait);
}

// Why connect(2) to the unix socket `path` fails (ENOENT, ECONNREFUSED, EACCES, …); 0 when it
// does not. libcurl 7.88 leaves CURLINFO_OS_ERRNO at 0 for unix sockets, so ask the OS again.
int unix_connect_errno(const std::string& path) {
    sockaddr_un addr{};
    if (path.size() >= sizeof addr.sun_path) return ENAMETOOLONG;
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.data(), path.size());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    const int err = rc == 0 ? 0 : errno;
    ::close(fd);
    return err;
}

// curl names "localhost port 80" when a unix socket cannot be reached; say which socket and why:
// "cannot connect to unix:///var/run/docker.sock: No such file or directory".
std::string transport_error_text(const HttpRequest& request, const Transfer& t) {
    if (request.unix_socket.empty() || t.result() != CURLE_COULDNT_CONNECT) return t.error_text();
    long e = t.os_errno();
    if (e == 0) e = unix_connect_errno(request.unix_socket);
    const std::string reason = e != 0 ? std::strerror(static_cast<int>(e)) : t.error_text();
    return "cannot connect to unix://" + request.unix_socket + ": " + reason;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) return v;
    }
    return std::nullopt;
}

bool retryable_status(long status) {
    return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
    std::string v(text::trim(value, kHeaderBlanks));
    if (v.empty()) return std::nullopt;
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (v.size() > 9) return std::chrono::seconds(999'999'999);
        return std::chrono::seconds(std::stoll(v));
    }
    // HTTP-date (RFC 9110 IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    std::tm tm{};
    const char* end = strptime(v.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    std::time_t when = timegm(&tm);
    std::time_t now = std::time(nullptr);
    return std::chrono::seconds(when > now ? when - now : 0);
}

Result<HttpStream> http_open(const HttpRequest& request, const RetryPolicy& retry) {
    for (int attempt = 0;; ++attempt) {
        auto t = std::make_unique<Transfer>(request);
        t->pump();
        const bool last = attempt + 1 >= retry.attempts;
        if (t->done() && !t->has_body() && t->result() != CURLE_OK) {
            if (!last && retryable_curl(t->result())) {
                std::this_thread::sleep_for(wait_for(nullptr, retry, attempt));
                continue;
            }
            return fail(ErrorCode::Io, transport_error_text(request, *t), request.url);
        }
        HttpStream out;
        out.head.status = t->status();
        out.head.headers = t->headers();
        if (retryable_status(out.head.status) && !last) {
            std::this_thread::sleep_for(wait_for(&out.head, retry, attempt));
            continue;
        }
        if (out.head.status >= 200 && out.head.status < 300) {
            out.body = std::make_unique<BodyStream>(std::move(t));
            return out;
        }
        BodyStream s(std::move(t));
        char buf[4096];
        while (out.head.body.size() < kMaxErrorBody) {
            auto n = s.read(buf, sizeof buf);
            if (!n || *n == 0) break;
            out.head.body.append(buf, *n);
        }
        return out;
    }
}

Result<HttpResponse> http_fetch(const HttpRequest& request, std::uint64_t max_body,
                                const RetryPolicy& retry) {
    auto s = http_open(request, retry);
    if (!s) return fail(s.error());
    HttpResponse r = std::move(s->head);
    if (!s->body) return r;
    auto body = read_all(*s->body, max_body, request.url);
    if (!body) return fail(body.error());
    r.body = std::move(*body);
    return r;
}

std::string url_origin(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    auto slash = url.find('/', scheme + 3);
    return std::string(url.substr(0, slash));
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4U];
            out += kHex[u & 15U];
        }
    }
    return out;
}

}  // namespace berth::net
