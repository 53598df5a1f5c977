/* SPDX-License-Identifier: MIT */
/*
 * The rows of the operation table, expanded from CTISIM_GWS_OPERATIONS.
 */
#include "operation_table.h"

#include <array>

#include "agent_operations.h"
#include "call_operations.h"
#include "call_recording.h"
#include "supervisor_operations.h"

namespace ctisim::api {

namespace {

using enum Place;
using enum Gate;

#define CTISIM_GWS_OP_ROW(name, places, gate, builder) OperationRow{Op::name, #name, places, gate, builder},
constexpr std::array<OperationRow, operationCount> rows = {CTISIM_GWS_OPERATIONS(CTISIM_GWS_OP_ROW)};
#undef CTISIM_GWS_OP_ROW

} /* namespace */

std::span<const OperationRow> operationTable()
{
	return rows;
}

const OperationRow *findOperation(std::string_view name)
{
	for (const OperationRow &row : rows) {
		if (row.name == name)
			return &row;
	}
	return nullptr;
}

const OperationRow &operationRow(Op op)
{
	return rows[static_cast<std::size_t>(op)];
}

} /* namespace ctisim::api */
