/* SPDX-License-Identifier: MIT */
/*
 * TrafficRecorder: appends requests and notifications under one mutex; a
 * notification belongs to the last request that arrived before it.
 */
#include "ctisim/api/traffic_recorder.h"

namespace ctisim::api {

TrafficRecorder::TrafficRecorder(std::string setupJson)
{
	recording_.setupJson = std::move(setupJson);
}

std::uint64_t TrafficRecorder::onRequest(const HttpRequest &request, std::string_view userName)
{
	RecordedExchange exchange;
	exchange.method = request.method();
	exchange.target = request.target();
	exchange.body = request.body;
	exchange.userName = std::string(userName);
	std::lock_guard lock(mutex_);
	recording_.exchanges.push_back(std::move(exchange));
	return firstToken_ + recording_.exchanges.size() - 1;
}

void TrafficRecorder::onResponse(std::uint64_t token, const HttpResponse &response)
{
	std::lock_guard lock(mutex_);
	if (token < firstToken_ || token - firstToken_ >= recording_.exchanges.size())
		return; /* from before a restart */
	RecordedExchange &exchange = recording_.exchanges[token - firstToken_];
	exchange.answered = true;
	exchange.status = response.status;
	exchange.responseBody = response.body;
}

void TrafficRecorder::onNotification(std::string_view userName, std::string_view message)
{
	std::lock_guard lock(mutex_);
	/* Before the first request nobody caused it: a replay would see it during login. */
	if (recording_.exchanges.empty())
		return;
	recording_.exchanges.back().notifications.push_back(
		RecordedNotification{std::string(userName), std::string(message)});
}

void TrafficRecorder::restart(std::string setupJson)
{
	std::lock_guard lock(mutex_);
	firstToken_ += recording_.exchanges.size();
	recording_.exchanges.clear();
	recording_.setupJson = std::move(setupJson);
}

Recording TrafficRecorder::snapshot() const
{
	std::lock_guard lock(mutex_);
	return recording_;
}

} /* namespace ctisim::api */
