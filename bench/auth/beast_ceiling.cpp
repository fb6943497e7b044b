// The physical ceiling for the auth benchmark: a minimal Boost.Beast HTTP/1.1 server that
// answers every request with a fixed JSON body of a given size, keep-alive, no routing, no
// database. What atrium's get-session can at best approach on this machine.
//
//   beast_ceiling <port> <body bytes> [threads]
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

asio::awaitable<void> session(tcp::socket socket, const std::string& body) {
  beast::flat_buffer buffer;
  try {
    for (;;) {
      http::request<http::string_body> req;
      co_await http::async_read(socket, buffer, req, asio::use_awaitable);
      http::response<http::string_body> res{http::status::ok, req.version()};
      res.set(http::field::content_type, "application/json");
      res.keep_alive(req.keep_alive());
      res.body() = body;
      res.prepare_payload();
      co_await http::async_write(socket, res, asio::use_awaitable);
      if (!res.keep_alive()) break;
    }
  } catch (const std::exception&) {
  }
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor, const std::string& body) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), body), asio::detached);
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: beast_ceiling <port> <body bytes> [threads]\n";
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const std::string body(static_cast<std::size_t>(std::atoi(argv[2])), 'x');
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  asio::io_context io(threads);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  asio::co_spawn(io, listen(acceptor, body), asio::detached);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
}
