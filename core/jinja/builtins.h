#pragma once
// The filters, tests, methods and attribute lookups of jinja2 that chat templates use,
// with Python's results. They throw BuiltinError with a message; the renderer adds
// the template's name, line and column.
#include "core/jinja/limits.h"
#include "core/jinja/value.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace lw::jinja {

class BuiltinError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

bool isKnownFilter(const std::string& name);
bool isKnownTest(const std::string& name);

Value applyFilter(const std::string& name, const Value& input, const CallArgs& args, const RenderLimits& limits);
bool applyTest(const std::string& name, const Value& input, const CallArgs& args);

// jinja2's `value.name`: a method of a str or dict first, then the key.
Value getAttribute(const Value& object, const std::string& name);
// jinja2's `value[key]`: the item first, then (for a string key) the attribute.
Value getItem(const Value& object, const Value& key);
// value[start:stop:step] of a string or list; null parts are left out.
Value getSlice(const Value& object, const Value* start, const Value* stop, const Value* step);

// The items a for loop or a filter walks: a list's elements, a dict's keys, a
// string's characters; Undefined is empty. Anything else throws.
std::vector<Value> iterateValue(const Value& value);
// Python's str of the value, refused when larger than the limit.
void checkStringSize(size_t bytes, const RenderLimits& limits);
// A list or dict of data values (Undefined, namespaces and callables cannot go in one).
Json toData(const Value& value, const char* where);

// Python's binary operators (+ - * / // % ** ~) and ordering comparisons.
Value applyBinary(const std::string& op, const Value& left, const Value& right, const RenderLimits& limits);
bool applyCompare(const std::string& op, const Value& left, const Value& right);

} // namespace lw::jinja
