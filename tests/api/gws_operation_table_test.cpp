/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "gws/operation_table.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gws/capabilities.h"
#include "gws/resource_json.h"
#include "gws_test_harness.h"

/*
 * The operation table is complete and consistent: every operationName a
 * capability list can show has a row, every row's name finds that row, no name
 * twice; and the router takes each operation exactly where its row says.
 */

using namespace ctisim;
using namespace ctisim::api;
using namespace ctisim::test;

namespace {

/// Every name callCapabilities() can list, over every context it distinguishes.
std::set<std::string_view> everyCallCapability()
{
	std::set<std::string_view> names;
	for (PartyState s : {PartyState::Dialing, PartyState::Ringing, PartyState::Established, PartyState::Held,
			     PartyState::Released}) {
		for (ConsultRelation r : {ConsultRelation::None, ConsultRelation::ParentOfTransfer,
					  ConsultRelation::ParentOfConference, ConsultRelation::Consult}) {
			for (std::size_t parties : {2, 3}) {
				for (bool owner : {false, true}) {
					for (bool muted : {false, true}) {
						for (RecordingState rec :
						     {RecordingState::NotConfigured, RecordingState::Stopped,
						      RecordingState::Recording, RecordingState::Paused}) {
							for (std::optional<MonitorMode> observing :
							     {std::optional<MonitorMode>(),
							      std::optional(MonitorMode::Mute),
							      std::optional(MonitorMode::Coach),
							      std::optional(MonitorMode::Connect)}) {
								CallContext c{s,     r,	  parties,  owner,
									      muted, rec, observing};
								for (std::string_view op : callCapabilities(c))
									names.insert(op);
							}
						}
					}
				}
			}
		}
	}
	return names;
}

/// Every name deviceCapabilities() can list.
std::set<std::string_view> everyDeviceCapability()
{
	std::set<std::string_view> names;
	for (bool dnd : {false, true}) {
		for (const char *forward : {"", "15009"}) {
			for (bool supervisor : {false, true}) {
				for (bool monitoring : {false, true}) {
					DnSnapshot dn;
					dn.dnd = dnd;
					dn.forwardTo = forward;
					if (monitoring)
						dn.monitoring = MonitoringSnapshot{"15000"};
					for (std::string_view op : deviceCapabilities(&dn, supervisor))
						names.insert(op);
				}
			}
		}
	}
	for (std::string_view op : deviceCapabilities(nullptr))
		names.insert(op);
	return names;
}

} /* namespace */

TEST_CASE("every row is found by its name and by its Op, once")
{
	std::set<std::string_view> names;
	std::size_t index = 0;
	for (const OperationRow &row : operationTable()) {
		CAPTURE(row.name);
		CHECK(static_cast<std::size_t>(row.op) == index++);
		CHECK(findOperation(row.name) == &row);
		CHECK(&operationRow(row.op) == &row);
		CHECK(names.insert(row.name).second);
		CHECK(static_cast<unsigned>(row.places) != 0);
		CHECK(static_cast<bool>(row.build));
	}
	CHECK(index == operationCount);
	CHECK(findOperation("NoSuchOperation") == nullptr);
	CHECK(findOperation("") == nullptr);
	CHECK(findOperation("hangup") == nullptr); /* operationNames are case-sensitive */
}

TEST_CASE("every operation a capability list can show has a row accepted where it is shown")
{
	for (std::string_view name : everyCallCapability()) {
		CAPTURE(name);
		const OperationRow *row = findOperation(name);
		REQUIRE(row != nullptr);
		CHECK(accepts(row->places, Place::Call));
		/* A supervisor's operation is gated by the role first; its builder checks the capabilities. */
		CHECK(row->gate != Gate::Always);
	}
	std::set<std::string_view> device = everyDeviceCapability();
	CHECK(device.size() == 8);
	for (std::string_view name : device) {
		CAPTURE(name);
		const OperationRow *row = findOperation(name);
		REQUIRE(row != nullptr);
		CHECK(accepts(row->places, Place::Device));
		CHECK((row->gate == Gate::Capability || row->gate == Gate::Supervisor));
	}
}

TEST_CASE("the call rows come first, in the canonical capability order")
{
	std::vector<std::string_view> callRows;
	bool pastCalls = false;
	for (const OperationRow &row : operationTable()) {
		CAPTURE(row.name);
		bool onCall = accepts(row.places, Place::Call);
		CHECK_FALSE((onCall && pastCalls));
		pastCalls = pastCalls || !onCall;
		if (onCall)
			callRows.push_back(row.name);
		/* A gate is a capability list: only calls and devices have one (a device
		 * operation also taken on /me or a channel is gated by the device's). */
		if (row.gate != Gate::Always)
			CHECK((row.places == Place::Call || (accepts(row.places, Place::Device) && !onCall)));
	}
	CHECK(callRows == canonicalCallOperations());
}

TEST_CASE("the router takes each operation exactly where its row accepts it")
{
	/* agent15000 on an Established call, over a FakeBackend that records what is sent. */
	const ConnId conn(0x0071027198180007ULL);
	const std::string uuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
	FakeGws gws(GwsConfig{}, seedDirectory());
	auto call = std::make_shared<CallSnapshot>();
	call->connId = conn;
	call->callUuid = uuid;
	call->callType = CallType::Internal;
	call->startedAt = gwsT;
	for (const char *dn : {"15001", "15000"}) {
		PartySnapshot p;
		p.dn = dn;
		p.state = PartyState::Established;
		call->parties.push_back(p);
	}
	Event established;
	established.type = EventType::Established;
	established.thisDn = "15000";
	established.connId = conn;
	established.call = call;
	established.time = gwsT;
	gws.backend->emit(established);

	const std::pair<Place, std::string> places[] = {
		{Place::Me, "/api/v2/me"},
		{Place::VoiceChannel, "/api/v2/me/channels/voice"},
		{Place::Device, "/api/v2/me/devices/" + seedDeviceId},
		{Place::DeviceCalls, "/api/v2/me/devices/" + seedDeviceId + "/calls"},
		{Place::Call, "/api/v2/me/calls/" + uuid},
	};
	for (const OperationRow &row : operationTable()) {
		for (const auto &[place, path] : places) {
			CAPTURE(row.name);
			CAPTURE(path);
			std::size_t sent = gws.backend->submitted.size();
			Response r =
				gws.as("15000", "POST", path, fmt::format(R"({{"operationName":"{}"}})", row.name));
			bool unknown = r.body.find("unknown operationName") != std::string::npos;
			CHECK(unknown == !accepts(row.places, place));
			if (unknown) {
				CHECK(r.status == 400);
				CHECK(gws.backend->submitted.size() == sent);
			}
		}
	}
}
