/* SPDX-License-Identifier: MIT */
/*
 * GwsState: the users' views and how they are loaded and reset, and the one
 * way an exchange is answered.
 */
#include "gws_state.h"

#include "operation_table.h"
#include "resource_json.h"

namespace ctisim::api {

GwsState::GwsState(Backend &backendRef, Executor &coreRef, const Clock &clockRef, Directory dir, GwsConfig cfg,
		   Notifier &notifierRef, BayeuxEndpoint *bayeuxPtr)
    : backend(backendRef), core(coreRef), clock(clockRef), directory(std::move(dir)), config(std::move(cfg)),
      notifier(notifierRef), bayeux(bayeuxPtr)
{
	buildViews();
	statistics.reset(clock.now());
}

void GwsState::buildViews()
{
	contacts = ContactDirectory(directory, config.targets);
	views.clear();
	for (const DirectoryUser &user : directory.users())
		views.emplace(user.id, UserView(user, config.releasedCallMemory,
						config.desktop.hasFeature(requiredFeature(Gate::Recording))));
}

UserView *GwsState::viewOf(std::string_view userId)
{
	auto it = views.find(userId);
	return it == views.end() ? nullptr : &it->second;
}

UserView *GwsState::viewOfDn(const Dn &dn)
{
	const DirectoryUser *user = directory.findByDn(dn);
	return user ? viewOf(user->id) : nullptr;
}

void GwsState::respond(Exchange &ex, unsigned status, std::string body)
{
	HttpResponse response;
	response.status = status;
	response.headers = std::move(ex.headers);
	response.body = std::move(body);
	/* The notifications this request caused leave before its response. */
	notifier.flush();
	HttpReply reply = std::move(ex.reply);
	reply(std::move(response));
}

void GwsState::respondOk(Exchange &ex)
{
	respond(ex, 200, R"({"statusCode":0})");
}

void GwsState::fail(Exchange &ex, const ApiError &error)
{
	respond(ex, error.httpStatus ? error.httpStatus : httpStatusFor(error.statusCode),
		errorBody(error.statusCode, error.message));
}

void GwsState::endSession(const Exchange &ex)
{
	sessions.erase(ex.sessionId);
	if (bayeux && !sessions.hasSessionsOf(ex.userId))
		bayeux->dropSessionsOf(ex.userId);
}

void GwsState::load(std::function<void()> done)
{
	std::uint64_t gen = generation;
	auto remaining = std::make_shared<std::size_t>(0);
	std::vector<std::pair<std::string, Dn>> targets;
	for (const DirectoryUser &user : directory.users()) {
		if (!user.dn.empty())
			targets.emplace_back(user.id, user.dn);
	}
	/* A queue's counts start from its events (a call waiting before the start is not seen). */
	for (const Dn &queue : config.queues)
		statistics.load(queue, {}, clock.now());
	*remaining = targets.size();
	if (targets.empty()) {
		core.post([done = std::move(done)] {
			if (done)
				done();
		});
		return;
	}
	auto sharedDone = std::make_shared<std::function<void()>>(std::move(done));
	std::weak_ptr<GwsState> weak = weak_from_this();
	for (auto &[userId, dn] : targets) {
		backend.submit(req::QueryAddress{dn}, [weak, gen, userId = userId, remaining,
						       sharedDone](RequestResult result) {
			auto self = weak.lock();
			if (!self)
				return;
			/* A DN the switch does not know: its EventError is not the user's business. */
			self->pendingErrors.erase(result.referenceId);
			if (gen == self->generation) {
				if (UserView *view = self->viewOf(userId); view && result.ok()) {
					view->load(result.dn, result.calls);
					self->statistics.load(view->user().dn, result.calls, self->clock.now());
				}
			}
			if (--*remaining == 0 && *sharedDone)
				(*sharedDone)();
		});
	}
}

void GwsState::reset(Directory dir, GwsConfig cfg, std::function<void()> done)
{
	++generation;
	if (bayeux) {
		for (const DirectoryUser &user : directory.users()) {
			if (sessions.hasSessionsOf(user.id))
				bayeux->dropSessionsOf(user.id);
		}
	}
	sessions.clear();
	pendingErrors.clear();
	sentCapabilities.clear();
	ucs = UcsState{};
	directory = std::move(dir);
	config = std::move(cfg);
	buildViews();
	statistics = StatisticsBook(config.statisticsHistory);
	statistics.reset(clock.now());
	load(std::move(done));
}

} /* namespace ctisim::api */
