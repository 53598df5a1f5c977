package io.ctisim.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctisim.fixture.Agent;
import io.ctisim.fixture.ControlResponse;
import io.ctisim.fixture.Ctisim;
import io.ctisim.fixture.Json;
import io.ctisim.fixture.JournalFilter;
import io.ctisim.fixture.OpenApi;
import io.ctisim.fixture.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Example: a client team's JUnit 5 suite with ctisim as its fixture. Where
 * ctisim comes from: CTISIM_URL (one that runs already, a CI service
 * container), CTISIM_IMAGE (the image, with docker or podman), else CTISIM_BIN
 * or -Dctisim.bin (the program). Nothing sleeps: the agent waits for its
 * CometD notifications, the test for the switch's journal (journal?wait=).
 */
@Ctisim
class ConferenceExampleTest {
    private static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();

    /** Every control API answer is checked against the OpenAPI document the sandbox serves. */
    @BeforeAll
    static void checkEveryControlAnswer(Sandbox sim) {
        OpenApi openApi = OpenApi.of(sim.control("GET", "/sim/v1/openapi.json", null));
        assertEquals(List.of(), openApi.documentProblems());
        sim.onResponse((ControlResponse r) -> PROBLEMS.addAll(openApi.validateResponse(r)));
    }

    @AfterAll
    static void everyAnswerMatchedTheDocument() {
        assertEquals(List.of(), PROBLEMS);
    }

    static boolean callIn(Map<String, Object> n, String callId, String state) {
        return callId.equals(Json.at(n, "call", "id")) && state.equals(Json.at(n, "call", "state"));
    }

    @Test
    void anInboundCallIsAnsweredThenConferencedWithASupervisor(Sandbox sim) {
        Agent agent = sim.agent("agent15000");
        assertEquals(Map.of("statusCode", 0L), agent.me("StartContactCenterSession", Json.object("channels", List.of("voice"))));

        Sandbox.InjectedCall call = sim.injectCall("+15551234", "15000", Json.object("AccountNumber", "12345"));
        Map<String, Object> ringing = agent.waitForNotification(n -> "Ringing".equals(Json.at(n, "call", "state")));
        String callId = Json.string(ringing, "call", "id");
        assertEquals("Inbound", Json.at(ringing, "call", "callType"));
        assertEquals(Map.of("AccountNumber", "12345"), Json.at(ringing, "call", "userData"));

        assertEquals(Map.of("statusCode", 0L), agent.callOperation(callId, "Answer"));
        Map<String, Object> established = agent.waitForNotification(n -> callIn(n, callId, "Established"));
        assertTrue(((List<?>) Json.at(established, "call", "capabilities")).contains("SingleStepConference"));

        // the supervisor's phone (nobody logged in on 15002) answers at once
        assertEquals(Map.of("statusCode", 0L), agent.callOperation(callId, "SingleStepConference",
                                                                   Json.object("destination", Json.object("phoneNumber", "15002"))));
        Map<String, Object> updated = agent.waitForNotification(n -> "ParticipantsUpdated".equals(n.get("notificationType")));
        List<?> participants = (List<?>) Json.at(updated, "call", "participants");
        assertEquals(2, participants.size(), Json.write(participants));

        // the switch's own record: the conference request and the third party joining this call
        Map<String, Object> request = sim.waitFor(JournalFilter.forConnId(call.connId()).request("RequestSingleStepConference"));
        Map<String, Object> added = sim.waitFor(JournalFilter.forConnId(call.connId()).event("EventPartyAdded").match(e -> ((List<?>) e.get("dns")).contains("15002")),
                                                Duration.ofSeconds(5), (Long) request.get("seq"));
        assertEquals(List.of(call.connId()), added.get("connIds"));

        // the customer hangs up; the agent's call ends
        sim.remoteParty().hangup("+15551234", call.connId());
        Map<String, Object> left = sim.waitFor(JournalFilter.forConnId(call.connId()).event("EventPartyDeleted"), Duration.ofSeconds(5),
                                               (Long) added.get("seq"));
        assertTrue(((List<?>) left.get("dns")).contains("+15551234"));
        assertEquals(Map.of("statusCode", 0L), agent.callOperation(callId, "Hangup"));
        sim.waitFor(JournalFilter.forDn("15000").event("EventReleased"), Duration.ofSeconds(5), (Long) left.get("seq"));
        agent.waitForNotification(n -> callIn(n, callId, "Released"));
        assertEquals(List.of(), agent.calls());
    }

    @Test
    void eachTestStartsFromAFreshSandbox(Sandbox sim) {
        Map<String, Object> state = sim.state();
        assertEquals(List.of(), state.get("calls"), "the previous test's calls are gone");
        for (Object dn : (List<?>) state.get("dns")) {
            if ("15000".equals(Json.at(dn, "dn"))) assertEquals("LoggedOut", Json.at(dn, "agentState"));
        }
    }
}
