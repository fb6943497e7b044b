#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <stdexcept>

namespace atrium::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool has_header(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> HttpReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::vector<std::string> HttpReply::headers_named(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) values.push_back(value);
  }
  return values;
}

// Asynchronous operations on a private io_context, each run to completion under a Beast
// timeout: the only portable way to bound a blocking socket wait in Asio.
struct RawConnection::Impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;

  template <typename Start>
  boost::system::error_code run(std::chrono::milliseconds timeout, Start start) {
    boost::system::error_code result;
    bool done = false;
    stream.expires_after(timeout);
    start([&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    io.restart();
    io.run();
    stream.expires_never();
    if (!done) result = asio::error::timed_out;
    return result;
  }
};

RawConnection::RawConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
  boost::system::error_code result;
  impl_->stream.expires_after(std::chrono::seconds(10));
  impl_->stream.async_connect(endpoint, [&](boost::system::error_code ec) { result = ec; });
  impl_->io.run();
  impl_->stream.expires_never();
  if (result) {
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + ": " +
                             result.message());
  }
}

RawConnection::~RawConnection() = default;

bool RawConnection::send(std::string_view bytes) {
  auto ec = impl_->run(std::chrono::seconds(15), [&](auto handler) {
    asio::async_write(impl_->stream, asio::buffer(bytes.data(), bytes.size()), handler);
  });
  return !ec;
}

std::optional<HttpReply> RawConnection::read_reply(bool head, std::chrono::milliseconds timeout) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  parser.header_limit(1 << 20);
  parser.skip(head);
  auto ec = impl_->run(timeout, [&](auto handler) {
    bhttp::async_read(impl_->stream, impl_->buffer, parser, handler);
  });
  if (ec) return std::nullopt;
  auto& message = parser.get();
  HttpReply reply;
  reply.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  reply.body = std::move(message.body());
  return reply;
}

std::string RawConnection::read_until_closed(std::chrono::milliseconds timeout) {
  std::string received(static_cast<const char*>(impl_->buffer.data().data()), impl_->buffer.size());
  impl_->buffer.consume(impl_->buffer.size());
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) break;
    char chunk[4096];
    std::size_t got = 0;
    auto ec = impl_->run(left, [&](auto handler) {
      impl_->stream.async_read_some(asio::buffer(chunk), [&, handler](auto e, std::size_t n) {
        got = n;
        handler(e, n);
      });
    });
    received.append(chunk, got);
    if (ec) break;
  }
  return received;
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  impl_->buffer.consume(impl_->buffer.size());
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) return false;
    char chunk[4096];
    auto ec = impl_->run(
        left, [&](auto handler) { impl_->stream.async_read_some(asio::buffer(chunk), handler); });
    if (!ec) continue;
    return ec != beast::error::timeout && ec != asio::error::timed_out;
  }
}

std::string format_request(std::string_view method, std::string_view target, std::string_view body,
                           const HeaderList& headers) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (!has_header(headers, "host")) out.append("Host: 127.0.0.1\r\n");
  for (const auto& [name, value] : headers)
    out.append(name).append(": ").append(value).append("\r\n");
  bool wants_length = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (wants_length && !has_header(headers, "content-length") &&
      !has_header(headers, "transfer-encoding")) {
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  out.append("\r\n").append(body);
  return out;
}

HttpClient::HttpClient(std::uint16_t port) : port_(port) {}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::request(std::string_view method, std::string_view target, std::string body,
                              HeaderList headers) {
  if (!connection_) connection_ = std::make_unique<RawConnection>(port_);
  std::string bytes = format_request(method, target, body, headers);
  if (!connection_->send(bytes)) {
    connection_.reset();
    throw std::runtime_error("could not send " + std::string(method) + " " + std::string(target));
  }
  std::optional<HttpReply> reply = connection_->read_reply(method == "HEAD");
  if (!reply) {
    connection_.reset();
    throw std::runtime_error("no response to " + std::string(method) + " " + std::string(target));
  }
  if (auto connection = reply->header("connection"); connection && iequals(*connection, "close")) {
    connection_.reset();
  }
  return std::move(*reply);
}

HttpReply HttpClient::get(std::string_view target, HeaderList headers) {
  return request("GET", target, {}, std::move(headers));
}

HttpReply HttpClient::post_json(std::string_view target, std::string json, HeaderList headers) {
  if (!has_header(headers, "content-type"))
    headers.emplace_back("Content-Type", "application/json");
  return request("POST", target, std::move(json), std::move(headers));
}

struct SignalAbsorber::Impl {
  asio::io_context io;  // never run: signals delivered here are dropped
  asio::signal_set set{io};
};

SignalAbsorber::SignalAbsorber(std::vector<int> signals) : impl_(std::make_unique<Impl>()) {
  for (int signal : signals) impl_->set.add(signal);
}

SignalAbsorber::~SignalAbsorber() = default;

}  // namespace atrium::testing
