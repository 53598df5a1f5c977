/* SPDX-License-Identifier: MIT */
#include "connection.h"

namespace ctisim::bench {

client::Url serverUrl(const std::string &host, unsigned short port)
{
	client::Url url;
	url.host = host;
	url.port = std::to_string(port);
	return url;
}

client::ConnectionOptions benchConnection(std::string source)
{
	client::ConnectionOptions options;
	options.connectTimeout = {};
	options.responseTimeout = {};
	options.sourceAddress = std::move(source);
	/* Room for a whole reply: Beast's first read into an empty buffer takes 512
	 * bytes, and the rest of a 3 KB connect reply then waits for a second read at
	 * the back of the queue of every other connection's completions. At 1,000
	 * agents that was most of the measured notification delay (p50 ~0.9 ms). */
	options.readBufferBytes = 65536;
	return options;
}

} /* namespace ctisim::bench */
