#pragma once
// Progress events leave the trainer as JSON objects (documented in docs/events.md):
// the CLI prints them one per line with --events, the GUI reads them from a worker
// process, and the run recorder writes them to the store.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::train {

constexpr int kEventProtocolVersion = 1;

using EventSink = std::function<void(const nlohmann::json&)>;

// {"v": 1, "event": type, "time": <unix seconds>}
nlohmann::json makeEvent(const std::string& type);
double unixTime();

} // namespace lw::train
