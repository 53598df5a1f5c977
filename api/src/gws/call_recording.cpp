/* SPDX-License-Identifier: MIT */
/*
 * Call recording: GSIP_RECORD and GSIP_REC_FN.
 */
#include "call_recording.h"

#include <ctime>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "ctisim/api/gws_config.h"

namespace ctisim::api {

namespace {

constexpr std::string_view recordKey = "GSIP_RECORD";
constexpr std::string_view fileNameKey = "GSIP_REC_FN";

std::string_view gsipRecordValue(RecordingState state)
{
	switch (state) {
	case RecordingState::Recording: return "ON";
	case RecordingState::Paused: return "PAUSED";
	default: return "OFF";
	}
}

/// The host of a base URL with each '.' spelled "-dot-", as SIP Server writes it in file names.
std::string fileNameHost(std::string_view baseUrl)
{
	if (std::size_t scheme = baseUrl.find("://"); scheme != std::string_view::npos)
		baseUrl.remove_prefix(scheme + 3);
	baseUrl = baseUrl.substr(0, baseUrl.find_first_of(":/"));
	std::string host;
	for (char c : baseUrl) {
		if (c == '.')
			host += "-dot-";
		else
			host += c;
	}
	return host;
}

/// <callUuid>_<thisDN>_<ani>_<dnis>_<YYYY-MM-DD>_<HH-MM-SS>_<host>__%3Ccont_center_id%3E, the
/// documented samples' shape (desktop-fidelity.md §7.2); the time is the call's start, in UTC.
std::string recordingFileName(const CallSnapshot &call, const Dn &ownDn, std::string_view baseUrl)
{
	std::time_t seconds = static_cast<std::time_t>(call.startedAt / 1000);
	std::tm utc{};
	gmtime_r(&seconds, &utc);
	char when[32];
	std::strftime(when, sizeof when, "%Y-%m-%d_%H-%M-%S", &utc);
	/* The samples keep the unexpanded placeholder <cont_center_id>, URL-encoded. */
	return fmt::format("{}_{}_{}_{}_{}_{}__%3Ccont_center_id%3E", call.callUuid, ownDn, call.ani, call.dnis, when,
			   fileNameHost(baseUrl));
}

} /* namespace */

RecordingState recordingStateOf(const CallSnapshot &call)
{
	const UserDataValue *value = call.userData.find(recordKey);
	const auto *text = value ? std::get_if<std::string>(value) : nullptr;
	if (text && *text == "ON")
		return RecordingState::Recording;
	if (text && *text == "PAUSED")
		return RecordingState::Paused;
	return RecordingState::Stopped;
}

std::string_view recordingStateName(RecordingState state)
{
	switch (state) {
	case RecordingState::NotConfigured: return "";
	case RecordingState::Stopped: return "Stopped";
	case RecordingState::Recording: return "Recording";
	case RecordingState::Paused: return "Paused";
	}
	return "";
}

UserData recordingUserData(const CallSnapshot &call, const Dn &ownDn, std::string_view baseUrl, RecordingState to)
{
	UserData data{{std::string(recordKey), std::string(gsipRecordValue(to))}};
	if (to == RecordingState::Recording && !call.userData.contains(fileNameKey))
		data.update(UserData{{std::string(fileNameKey), recordingFileName(call, ownDn, baseUrl)}});
	return data;
}

UserData recordingUserData(const OperationInput &in, RecordingState to)
{
	return recordingUserData(*in.call->call, in.view.user().dn, in.config.publicBaseUrl, to);
}

} /* namespace ctisim::api */
