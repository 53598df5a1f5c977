/* SPDX-License-Identifier: MIT */
/*
 * GwsConfig: the settings of the GWS v2 front end (URIs, CSRF, limits and the
 * constants that real GWS takes from its configuration).
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ctisim/api/contact_directory.h"
#include "ctisim/api/desktop_config.h"
#include "ctisim/api/directory_config.h"
#include "ctisim/switch_config.h"
#include "ctisim/telephony_types.h"

namespace ctisim::api {

class TrafficObserver;

struct GwsConfig {
	/// Prefix of every URI in resources and notifications (no trailing slash).
	std::string publicBaseUrl = "http://127.0.0.1:8080";
	/// GWS enableCsrfProtection: GET responses carry the token, writes must echo it.
	bool csrfEnabled = false;
	/// GET /api/v2/diagnostics/version
	std::string version = "8.5.200.50";
	/// Live HTTP sessions at most; a login beyond it fails with statusCode 4 (HTTP 500).
	std::size_t maxSessions = 10000;
	/// Live HTTP sessions of one user at most; a login beyond it evicts that
	/// user's least recently used session (a client that drops its cookie).
	std::size_t maxSessionsPerUser = 100;
	/// A session unused this long (by the GWS clock) may be evicted when the table is full.
	TimeMs sessionIdleTimeoutMs = 30 * 60 * 1000;
	/// Non-empty: every JSESSIONID issued ends in ".<sessionRoute>" (lowercase letters
	/// and digits), like Tomcat's jvmRoute, so a load balancer can keep a session on
	/// this front end (docs/nginx-sticky.conf). Empty = no suffix.
	std::string sessionRoute;
	/// The user resource's contactCenterId.
	std::string contactCenterId = "0851b5d7-1280-432c-9bb7-d22c2aeab2d5";
	/// The id in every device's voiceEnvironmentUri.
	std::string voiceEnvironmentId = "370ef5e6-9e3c-4d91-9588-7f4dfe67e011";
	/// SetCallDisposition's dispositionKey when the request has none.
	std::string defaultDispositionKey = "DispositionCode";
	/// Released call ids each user may still send SetCallDisposition to.
	std::size_t releasedCallMemory = 100;
	/// An operation the switch has not answered after this long (real time) gets
	/// statusCode 4, HTTP 504, and its late result is ignored; 0 waits for ever.
	TimeMs requestTimeoutMs = 10000;
	/// The switch's ACD queues and routing points: the Statistics API's queue objects
	/// (their DN is their object id).
	std::vector<Dn> queues;
	/// The values each count of the Statistics API keeps for range queries.
	std::size_t statisticsHistory = 100;
	/// The agent-state catalogue, features, annex, settings groups and business attributes desktops read.
	DesktopConfig desktop = defaultDesktopConfig();
	/// The contacts directory's targets besides the users: queues, routing points, custom
	/// contacts (makeTargetContacts).
	std::vector<Contact> targets;
	/// The groups of agents and their supervisors (resolveGroups).
	std::vector<UserGroup> groups;
	/// The UCS store IdentifyUCSContact searches (docs/api.md, "UCS voice identification").
	std::vector<UcsContact> ucsContacts = defaultUcsContacts();
	/// The switchName of the contacts' phone numbers (the Contacts page's sample value).
	std::string switchName = "SIP_Switch";
	/// The largest `limit` a list GET (/users, /contacts, /groups) accepts, and the
	/// page size when the request gives none.
	std::size_t maxListLimit = 1000;
	/// `ctisim record`: told about every client request and notification; null = none
	/// (the default, at no cost). Must outlive the GwsApi.
	TrafficObserver *trafficObserver = nullptr;
};

/// The ACD queues and routing points of a switch configuration, in its order (GwsConfig::queues).
inline std::vector<Dn> queueNumbers(const SwitchConfig &config)
{
	std::vector<Dn> queues;
	for (const DnConfig &dn : config.dns) {
		if (dn.type == DnType::AcdQueue || dn.type == DnType::RoutingPoint)
			queues.push_back(dn.number);
	}
	return queues;
}

} /* namespace ctisim::api */
