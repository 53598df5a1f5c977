/* SPDX-License-Identifier: MIT */
/*
 * HttpConnection: the one HTTP/1.1 client transport of ctisim. Its async
 * style is the one every client here uses: C++20 coroutines on Asio
 * (asio::awaitable); a caller that wants to block runs the coroutine on an
 * io_context of its own (SyncGwsClient). Plain TCP or TLS (Boost.Asio SSL:
 * SNI, the peer's name verified unless the context says otherwise), keep-alive
 * or one exchange per connection, deadlines through beast::tcp_stream, the
 * response bounded.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include "ctisim/client/cookie_jar.h"
#include "ctisim/client/url.h"

namespace boost::asio::ssl {
class context;
} /* namespace boost::asio::ssl */

namespace ctisim::client {

struct Request {
	std::string method; ///< "GET", "POST", ...
	std::string target; ///< path and query as sent
	/// As they go on the wire; Host, Content-Length and the hop-by-hop headers
	/// (Connection, Transfer-Encoding, ...) are the connection's and left out.
	Headers headers;
	std::string body;
};

struct Response {
	unsigned status = 0;
	Headers headers; ///< as received, in order (Set-Cookie may repeat)
	std::string body;

	/// The first header of that name (case-insensitive), or "".
	std::string_view header(std::string_view name) const;
};

struct ConnectionOptions {
	/// Resolve, connect and TLS handshake; zero: no deadline.
	std::chrono::milliseconds connectTimeout{5000};
	/// Writing the request and reading the whole response; zero: no deadline.
	std::chrono::milliseconds responseTimeout{90000};
	std::size_t maxResponseBytes = 64 << 20;
	std::size_t maxHeaderBytes = 64 << 10;
	/// false: "Connection: close", one exchange per connection.
	bool keepAlive = true;
	/// Local address to bind ("127.0.0.2"), "" for any.
	std::string sourceAddress;
	/// Bytes the read buffer holds from the start (a whole reply in one read).
	std::size_t readBufferBytes = 0;
	/// For https: the trust settings (makeTlsContext); required then.
	std::shared_ptr<boost::asio::ssl::context> tls;
};

/// Why an exchange got no response: the step that failed and its error.
class TransportError : public std::runtime_error
{
public:
	enum class Step { Resolve, Connect, Handshake, Exchange };
	TransportError(Step step, boost::system::error_code code, const std::string &what)
	    : std::runtime_error(what), step_(step), code_(code)
	{
	}
	Step step() const { return step_; }
	boost::system::error_code code() const { return code_; }
	/// A deadline of ConnectionOptions ran out.
	bool timedOut() const;
	/// A kept-alive connection the server had closed meanwhile: sending again
	/// on a fresh one is safe.
	bool staleConnection() const;

private:
	Step step_;
	boost::system::error_code code_;
};

/// Whether a header belongs to one connection (hop-by-hop: Connection,
/// Transfer-Encoding, ...) or is written by HttpConnection itself (Host,
/// Content-Length): a proxy does not pass it on.
bool isConnectionHeader(std::string_view name);

/// The client TLS context: peer verified against caFile (PEM), or the system's
/// CAs when empty; insecure: not verified. Throws std::runtime_error when the CAs
/// do not load.
std::shared_ptr<boost::asio::ssl::context> makeTlsContext(const std::string &caFile, bool insecure);

class HttpConnection
{
public:
	HttpConnection(boost::asio::any_io_executor executor, Url url, ConnectionOptions options);
	~HttpConnection();
	HttpConnection(const HttpConnection &) = delete;
	HttpConnection &operator=(const HttpConnection &) = delete;

	/// Sends request and reads its response, connecting first when the connection
	/// is not open. Throws TransportError. With keepAlive the connection stays
	/// open unless the response closes it.
	boost::asio::awaitable<Response> exchange(const Request &request);

	bool isOpen() const;
	/// Closes the connection (an exchange in progress ends with an error).
	void close();

	const Url &url() const { return url_; }
	const ConnectionOptions &options() const { return options_; }

private:
	struct Streams;
	boost::asio::awaitable<void> open();

	Url url_;
	ConnectionOptions options_;
	std::unique_ptr<Streams> streams_;
};

} /* namespace ctisim::client */
