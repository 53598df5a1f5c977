/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

/*
 * A consult to a party already on the call (found by the soak test): 15000
 * consults 15001, who is on the call with it (holding it), and completes the
 * transfer or conference. The consulted party's new line moved onto the call
 * where its first one was: one DN twice on a call, which no GWS call view can
 * show (the user saw its held call turn Ringing). docs/call-model.md: the
 * completion is refused (98 / 96) and nothing changes.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

/// 15001 holds the seed call; 15000 consults 15001 on a new line, which answers.
ConnId consultTheOtherParty(Harness &h, bool forTransfer)
{
	REQUIRE(h.apply(req::HoldCall{{"15001", seedConnId}}).ok());
	req::DestinationRequest consult{"15000", seedConnId, "15001", {}, {}};
	RequestResult started =
		forTransfer ? h.apply(req::InitiateTransfer{consult}) : h.apply(req::InitiateConference{consult});
	REQUIRE(started.ok());
	REQUIRE_FALSE(started.newConnId.isNull());
	REQUIRE(h.apply(req::AnswerCall{{"15001", started.newConnId}}).ok());
	return started.newConnId;
}

} /* namespace */

TEST_CASE("CompleteTransfer that would put a DN on the call twice is refused")
{
	Harness h(seedConfig());
	ConnId consultId = consultTheOtherParty(h, true);
	checkFails(h, req::CompleteTransfer{"15000", seedConnId, consultId}, terr::CannotCompleteTransfer);
}

TEST_CASE("CompleteConference that would put a DN on the call twice is refused")
{
	Harness h(seedConfig());
	ConnId consultId = consultTheOtherParty(h, false);
	checkFails(h, req::CompleteConference{"15000", seedConnId, consultId}, terr::CannotCompleteConference);
}
