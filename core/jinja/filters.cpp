// jinja2's filters with transformers' tojson (json.dumps, ensure_ascii off, keys in
// their order unless sort_keys). Results follow Python: `5|round` stays an int,
// `"42.5"|int` is 42, `title` capitalises after "-", spaces and brackets.
#include "core/jinja/builtins.h"
#include "core/jinja/number.h"
#include "core/jinja/python_text.h"
#include "core/jinja/unicode_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <optional>

namespace lw::jinja {
namespace {

const char* const kFilters[] = {"abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float",
                                "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
                                "min", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select",
                                "selectattr", "sort", "string", "sum", "title", "tojson", "trim", "unique", "upper",
                                "wordcount"};

bool flag(const CallArgs& args, size_t position, const char* name)
{
    const Value* v = args.find(position, name);
    return v && isTruthy(*v);
}

std::string text(const Value& v)
{
    return toPythonStr(v);
}

// jinja2's attribute getter: "a.b" walks items; digit parts are list indexes.
Value attributeOf(const Value& item, const Value& attribute)
{
    if (isIntLike(attribute))
        return getItem(item, attribute);
    Value current = item;
    std::string path = text(attribute);
    size_t start = 0;
    for (;;) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        current = digits && part.size() < 18 ? getItem(current, Value(int64_t(std::stoll(part)))) : getItem(current, Value(part));
        if (dot == std::string::npos)
            return current;
        start = dot + 1;
    }
}

// select / reject / selectattr / rejectattr: positional arguments after the test
// name go to the test.
Json selectItems(const Value& input, const CallArgs& args, bool byAttribute, bool keep)
{
    size_t next = 0;
    const Value* attribute = nullptr;
    if (byAttribute) {
        attribute = args.find(0, "attribute");
        if (!attribute)
            throw BuiltinError("selectattr and rejectattr need an attribute name");
        next = 1;
    }
    std::string test;
    CallArgs testArgs;
    if (next < args.positional.size()) {
        test = text(args.positional[next]);
        if (!isKnownTest(test))
            throw BuiltinError("no test named '" + test + "'");
        testArgs.positional.assign(args.positional.begin() + static_cast<long>(next) + 1, args.positional.end());
    }
    Json out = Json::array();
    for (const Value& item : iterateValue(input)) {
        const Value subject = attribute ? attributeOf(item, *attribute) : item;
        const bool passes = test.empty() ? isTruthy(subject) : applyTest(test, subject, testArgs);
        if (passes == keep)
            out.push_back(toData(item, "in a filtered list"));
    }
    return out;
}

Value mapItems(const Value& input, const CallArgs& args, const RenderLimits& limits)
{
    Json out = Json::array();
    const Value* attribute = nullptr;
    for (const auto& [key, value] : args.keyword)
        if (key == "attribute")
            attribute = &value;
    if (attribute) {
        const Value* fallback = nullptr;
        for (const auto& [key, value] : args.keyword)
            if (key == "default")
                fallback = &value;
        for (const Value& item : iterateValue(input)) {
            Value v = attributeOf(item, *attribute);
            if (v.isUndefined() && fallback)
                v = *fallback;
            out.push_back(toData(v, "in a mapped list"));
        }
        return Value(std::move(out));
    }
    if (args.positional.empty())
        throw BuiltinError("map needs a filter name or attribute=");
    const std::string filter = text(args.positional[0]);
    if (!isKnownFilter(filter))
        throw BuiltinError("no filter named '" + filter + "'");
    CallArgs rest;
    rest.positional.assign(args.positional.begin() + 1, args.positional.end());
    rest.keyword = args.keyword;
    for (const Value& item : iterateValue(input))
        out.push_back(toData(applyFilter(filter, item, rest, limits), "in a mapped list"));
    return Value(std::move(out));
}

// The key sort, unique, min and max compare by: the attribute, lowercased for strings
// unless case_sensitive.
Value sortKey(const Value& item, const Value* attribute, bool caseSensitive)
{
    Value key = attribute ? attributeOf(item, *attribute) : item;
    if (!caseSensitive && key.isString())
        return Value(pythonLower(key.data.get<std::string>()));
    return key;
}

Value minMax(const Value& input, const CallArgs& args, bool wantMax)
{
    const bool caseSensitive = flag(args, 0, "case_sensitive");
    const Value* attribute = args.find(1, "attribute");
    Value best;
    Value bestKey;
    bool first = true;
    for (const Value& item : iterateValue(input)) {
        const Value key = sortKey(item, attribute, caseSensitive);
        if (first || applyCompare(wantMax ? ">" : "<", key, bestKey)) {
            best = item;
            bestKey = key;
            first = false;
        }
    }
    return first ? Value::undefined("No aggregated item, sequence was empty.") : best;
}

Value sortItems(const Value& input, const CallArgs& args)
{
    const bool reverse = flag(args, 0, "reverse");
    const bool caseSensitive = flag(args, 1, "case_sensitive");
    const Value* attribute = args.find(2, "attribute");
    std::vector<std::pair<Value, Value>> keyed;
    for (const Value& item : iterateValue(input))
        keyed.emplace_back(sortKey(item, attribute, caseSensitive), item);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        return reverse ? applyCompare("<", b.first, a.first) : applyCompare("<", a.first, b.first);
    });
    Json out = Json::array();
    for (const auto& [key, item] : keyed)
        out.push_back(toData(item, "in a sorted list"));
    return Value(std::move(out));
}

Value uniqueItems(const Value& input, const CallArgs& args)
{
    const bool caseSensitive = flag(args, 0, "case_sensitive");
    const Value* attribute = args.find(1, "attribute");
    std::vector<Value> seen;
    Json out = Json::array();
    for (const Value& item : iterateValue(input)) {
        const Value key = sortKey(item, attribute, caseSensitive);
        if (std::none_of(seen.begin(), seen.end(), [&](const Value& s) { return pythonEquals(s, key); })) {
            seen.push_back(key);
            out.push_back(toData(item, "in a list"));
        }
    }
    return Value(std::move(out));
}

Value toJson(const Value& input, const CallArgs& args)
{
    if (input.isUndefined())
        throw BuiltinError("Object of type Undefined is not JSON serializable");
    if (!input.isData())
        throw BuiltinError("Object of type " + pythonTypeName(input) + " is not JSON serializable");
    JsonDumpOptions options;
    options.ensureAscii = flag(args, 0, "ensure_ascii");
    if (const Value* indent = args.find(1, "indent"); indent && !indent->isNone()) {
        if (indent->isString())
            options.indent = indent->data.get<std::string>();
        else
            options.indent = std::string(size_t(std::clamp<int64_t>(requireInt(*indent, "indent"), 0, 64)), ' ');
        options.itemSeparator = ",";
    }
    if (const Value* separators = args.find(2, "separators"); separators && !separators->isNone()) {
        if (!separators->isList() || separators->data.size() != 2 || !separators->data[0].is_string() ||
            !separators->data[1].is_string())
            throw BuiltinError("separators must be a pair of strings");
        options.itemSeparator = separators->data[0].get<std::string>();
        options.keySeparator = separators->data[1].get<std::string>();
    }
    options.sortKeys = flag(args, 3, "sort_keys");
    return Value(pythonJsonDumps(input.data, options));
}

// jinja2's title filter: words start after "-", whitespace and opening brackets.
std::string titleWords(const std::string& s)
{
    std::string out;
    bool wordStart = true;
    for (const std::string& p : splitCodePoints(s)) {
        const bool separator = p == "-" || p == "(" || p == "{" || p == "[" || p == "<" || isPythonSpace(p);
        if (separator) {
            out += p;
        } else {
            out += wordStart ? pythonUpper(p) : pythonLower(p);
        }
        wordStart = separator;
    }
    return out;
}

std::string indentLines(const std::string& s, const Value* width, bool first, bool blank, const RenderLimits& limits)
{
    const std::string indention = width && width->isString() ? width->data.get<std::string>()
                                                              : std::string(size_t(std::clamp<int64_t>(width ? requireInt(*width, "width") : 4, 0, 1024)), ' ');
    const std::vector<std::string> lines = pythonSplitLines(s + "\n");
    checkStringSize(s.size() + (lines.size() + 1) * indention.size(), limits);
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i > 0)
            out += "\n";
        if (i > 0 && (blank || !lines[i].empty()))
            out += indention;
        out += lines[i];
    }
    return first ? indention + out : out;
}

Value roundNumber(const Value& input, const CallArgs& args)
{
    const Value* precisionArg = args.find(0, "precision");
    const int64_t precision = precisionArg ? requireInt(*precisionArg, "precision") : 0;
    const Value* methodArg = args.find(1, "method");
    const std::string method = methodArg ? text(*methodArg) : "common";
    if (method != "common" && method != "ceil" && method != "floor")
        throw BuiltinError("method must be common, ceil or floor");
    if (!isNumeric(input))
        throw BuiltinError("type " + pythonTypeName(input) + " doesn't define __round__ method");
    if (method == "common" && isIntLike(input) && precision >= 0)
        return Value(asInt(input));
    const double x = asDouble(input);
    if (method != "common") {
        const double scale = std::pow(10.0, double(precision));
        return Value((method == "ceil" ? std::ceil(x * scale) : std::floor(x * scale)) / scale);
    }
    if (!std::isfinite(x) || precision > 300)
        return Value(x);
    if (precision < 0) {
        const double scale = std::pow(10.0, double(-precision));
        return Value(std::nearbyint(x / scale) * scale);
    }
    // Python rounds the exact binary value, half to even: what printf's %.*f does.
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.*f", int(precision), x);
    return Value(std::strtod(buffer, nullptr));
}

std::optional<int64_t> parseInt(std::string s, int base)
{
    s = pythonStrip(s, nullptr, true, true);
    s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
    if (s.empty())
        return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, base);
    if (*end != '\0' || errno == ERANGE || std::isspace(static_cast<unsigned char>(s[0])))
        return std::nullopt;
    return int64_t(v);
}

std::optional<double> parseFloat(const std::string& raw)
{
    const std::string s = pythonStrip(raw, nullptr, true, true);
    if (s.empty())
        return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (*end != '\0' || s.find_first_of("xXpP") != std::string::npos)
        return std::nullopt;
    return v;
}

Value toInt(const Value& input, const CallArgs& args)
{
    const Value* fallback = args.find(0, "default");
    const Value* baseArg = args.find(1, "base");
    const int64_t base = baseArg ? requireInt(*baseArg, "base") : 10;
    if (isIntLike(input))
        return Value(asInt(input));
    if (input.isData() && input.data.is_number_float()) {
        const double d = input.data.get<double>();
        if (std::isfinite(d) && std::fabs(d) < 9.2e18)
            return Value(int64_t(d));
    } else if (input.isString()) {
        if (auto v = parseInt(input.data.get<std::string>(), base >= 2 && base <= 36 ? int(base) : 10))
            return Value(*v);
        if (auto d = parseFloat(input.data.get<std::string>()); d && std::isfinite(*d) && std::fabs(*d) < 9.2e18)
            return Value(int64_t(*d));
    }
    return fallback ? *fallback : Value(int64_t(0));
}

Value toFloat(const Value& input, const CallArgs& args)
{
    const Value* fallback = args.find(0, "default");
    if (isNumeric(input))
        return Value(asDouble(input));
    if (input.isString())
        if (auto d = parseFloat(input.data.get<std::string>()))
            return Value(*d);
    return fallback ? *fallback : Value(0.0);
}

Value lengthOf(const Value& input)
{
    if (input.isUndefined())
        return Value(int64_t(0));
    if (input.isString())
        return Value(int64_t(codePointCount(input.data.get<std::string>())));
    if (input.isList() || input.isDict())
        return Value(int64_t(input.data.size()));
    if (input.kind == Value::Kind::Namespace)
        return Value(int64_t(input.attributes->size()));
    throw BuiltinError("object of type '" + pythonTypeName(input) + "' has no len()");
}

Value firstOrLast(const Value& input, bool last)
{
    if (!last && input.isUndefined())
        return Value::undefined("No first item, sequence was empty.");
    if (last && !input.isString() && !input.isList() && !input.isDict())
        throw BuiltinError("'" + pythonTypeName(input) + "' object is not reversible");
    const std::vector<Value> items = iterateValue(input);
    if (items.empty())
        return Value::undefined(last ? "No last item, sequence was empty." : "No first item, sequence was empty.");
    return last ? items.back() : items.front();
}

Value joinItems(const Value& input, const CallArgs& args, const RenderLimits& limits)
{
    const Value* separator = args.find(0, "d");
    const Value* attribute = args.find(1, "attribute");
    const std::string glue = separator ? text(*separator) : "";
    std::string out;
    bool first = true;
    for (const Value& item : iterateValue(input)) {
        if (!first)
            out += glue;
        first = false;
        out += text(attribute ? attributeOf(item, *attribute) : item);
        checkStringSize(out.size(), limits);
    }
    return Value(out);
}

Value sumItems(const Value& input, const CallArgs& args, const RenderLimits& limits)
{
    const Value* attribute = args.find(0, "attribute");
    const Value* start = args.find(1, "start");
    Value total = start ? *start : Value(int64_t(0));
    if (total.isString())
        throw BuiltinError("sum() can't sum strings [use ''.join(seq) instead]");
    for (const Value& item : iterateValue(input))
        total = applyBinary("+", total, attribute ? attributeOf(item, *attribute) : item, limits);
    return total;
}

std::string htmlEscape(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

Value dataList(const std::vector<Value>& items, const char* where)
{
    Json out = Json::array();
    for (const Value& item : items)
        out.push_back(toData(item, where));
    return Value(std::move(out));
}

} // namespace

bool isKnownFilter(const std::string& name)
{
    return std::any_of(std::begin(kFilters), std::end(kFilters), [&](const char* f) { return name == f; });
}

Value applyFilter(const std::string& name, const Value& input, const CallArgs& args, const RenderLimits& limits)
{
    if (name == "default" || name == "d") {
        const Value* fallback = args.find(0, "default_value");
        const bool boolean = flag(args, 1, "boolean");
        if (input.isUndefined() || (boolean && !isTruthy(input)))
            return fallback ? *fallback : Value(std::string());
        return input;
    }
    if (name == "safe")
        return input;
    if (name == "length" || name == "count")
        return lengthOf(input);
    if (name == "first" || name == "last")
        return firstOrLast(input, name == "last");
    if (name == "join")
        return joinItems(input, args, limits);
    if (name == "tojson")
        return toJson(input, args);
    if (name == "selectattr" || name == "rejectattr")
        return Value(selectItems(input, args, true, name == "selectattr"));
    if (name == "select" || name == "reject")
        return Value(selectItems(input, args, false, name == "select"));
    if (name == "map")
        return mapItems(input, args, limits);
    if (name == "list")
        return dataList(iterateValue(input), "in a list");
    if (name == "items") {
        if (input.isUndefined())
            return Value(Json::array());
        if (!input.isDict())
            throw BuiltinError("Can only get item pairs from a mapping.");
        Json out = Json::array();
        for (auto it = input.data.begin(); it != input.data.end(); ++it)
            out.push_back(Json::array({it.key(), it.value()}));
        return Value(std::move(out));
    }
    if (name == "reverse") {
        if (input.isString()) {
            std::vector<std::string> points = splitCodePoints(input.data.get<std::string>());
            std::string out;
            for (auto it = points.rbegin(); it != points.rend(); ++it)
                out += *it;
            return Value(out);
        }
        std::vector<Value> items = iterateValue(input);
        std::reverse(items.begin(), items.end());
        return dataList(items, "in a list");
    }
    if (name == "sort")
        return sortItems(input, args);
    if (name == "unique")
        return uniqueItems(input, args);
    if (name == "min" || name == "max")
        return minMax(input, args, name == "max");
    if (name == "sum")
        return sumItems(input, args, limits);
    if (name == "int")
        return toInt(input, args);
    if (name == "float")
        return toFloat(input, args);
    if (name == "round")
        return roundNumber(input, args);
    if (name == "abs") {
        if (isIntLike(input)) {
            if (asInt(input) == INT64_MIN)
                throw BuiltinError("integer result does not fit in 64 bits");
            return Value(std::abs(asInt(input)));
        }
        if (isNumeric(input))
            return Value(std::fabs(asDouble(input)));
        throw BuiltinError("bad operand type for abs(): '" + pythonTypeName(input) + "'");
    }
    // The string filters.
    const std::string s = text(input);
    if (name == "string")
        return Value(s);
    if (name == "trim") {
        const Value* chars = args.find(0, "chars");
        const std::string set = chars && !chars->isNone() ? text(*chars) : "";
        return Value(pythonStrip(s, chars && !chars->isNone() ? &set : nullptr, true, true));
    }
    if (name == "upper")
        return Value(pythonUpper(s));
    if (name == "lower")
        return Value(pythonLower(s));
    if (name == "capitalize")
        return Value(pythonCapitalize(s));
    if (name == "title")
        return Value(titleWords(s));
    if (name == "escape" || name == "e")
        return Value(htmlEscape(s));
    if (name == "wordcount")
        return Value(int64_t(pythonSplit(s, nullptr, -1).size()));
    if (name == "replace") {
        const Value* from = args.find(0, "old");
        const Value* to = args.find(1, "new");
        if (!from || !to)
            throw BuiltinError("replace needs the old and the new text");
        const Value* count = args.find(2, "count");
        const std::string fromText = text(*from), toText = text(*to);
        if (!fromText.empty() && toText.size() > fromText.size())
            checkStringSize(s.size() / fromText.size() * toText.size() + s.size(), limits);
        else if (fromText.empty())
            checkStringSize((codePointCount(s) + 1) * toText.size() + s.size(), limits);
        return Value(pythonReplace(s, fromText, toText, count && !count->isNone() ? requireInt(*count, "count") : -1));
    }
    if (name == "indent") {
        const Value* width = args.find(0, "width");
        return Value(indentLines(s, width, flag(args, 1, "first"), flag(args, 2, "blank"), limits));
    }
    throw BuiltinError("no filter named '" + name + "'");
}

} // namespace lw::jinja
