/* SPDX-License-Identifier: MIT */
/*
 * TrafficRecorder: a TrafficObserver that keeps what clients did (requests,
 * responses, the notifications each user received after each request) as a
 * Recording, which writeRecordedScenario() turns into a scenario file.
 */
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "ctisim/api/traffic_observer.h"

namespace ctisim::api {

struct RecordedNotification {
	std::string userName;
	std::string message; ///< the Bayeux message text, {"data":...,"channel":...}
};

struct RecordedExchange {
	std::string method;
	std::string target; ///< path and query
	std::string body;
	std::string userName; ///< empty: not authenticated
	bool answered = false;
	unsigned status = 0;
	std::string responseBody;
	/// Published between this request's arrival and the next one's, in order.
	std::vector<RecordedNotification> notifications;
};

struct Recording {
	/// The sandbox configuration the session started from (JSON object text).
	std::string setupJson = "{}";
	/// What of the setup was inferred from which answer, and what not (JSON object
	/// text; "" = no inference: the sandbox's own configuration).
	std::string inferenceJson;
	std::vector<RecordedExchange> exchanges;
};

/// Thread-safe: one mutex around the recording.
class TrafficRecorder final : public TrafficObserver
{
public:
	explicit TrafficRecorder(std::string setupJson);

	std::uint64_t onRequest(const HttpRequest &request, std::string_view userName) override;
	void onResponse(std::uint64_t token, const HttpResponse &response) override;
	void onNotification(std::string_view userName, std::string_view message) override;

	/// Forgets everything recorded: the session starts again from setupJson
	/// (after a reset of the sandbox). Responses to earlier requests are ignored.
	void restart(std::string setupJson);
	/// A copy of what was recorded so far.
	Recording snapshot() const;

private:
	mutable std::mutex mutex_;
	Recording recording_;
	/// Token of exchanges_[0]; tokens of earlier (forgotten) requests are below it.
	std::uint64_t firstToken_ = 1;
};

} /* namespace ctisim::api */
