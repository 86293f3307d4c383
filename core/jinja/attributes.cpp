// Attribute, item and slice access, iteration, and the methods of str and dict that
// templates call (message.content.strip(), message.get('role'), tools.items()).
#include "core/jinja/builtins.h"
#include "core/jinja/number.h"
#include "core/jinja/unicode_text.h"

#include <algorithm>
#include <optional>

namespace lw::jinja {
namespace {

const char* const kStringMethods[] = {"strip", "lstrip", "rstrip", "split", "startswith", "endswith", "upper",
                                      "lower", "title", "capitalize", "replace", "find", "join", "splitlines",
                                      "count", "isdigit", "isspace"};
const char* const kDictMethods[] = {"get", "items", "keys", "values"};

bool contains(const char* const* begin, const char* const* end, const std::string& name)
{
    return std::find_if(begin, end, [&](const char* m) { return name == m; }) != end;
}

std::string requireString(const Value& v, const char* what)
{
    if (!v.isString())
        throw BuiltinError(std::string(what) + " must be a string, not '" + pythonTypeName(v) + "'");
    return v.data.get<std::string>();
}

void checkArgCount(const CallArgs& args, size_t most, const std::string& method)
{
    if (args.positional.size() + args.keyword.size() > most)
        throw BuiltinError(method + "() takes at most " + std::to_string(most) + " arguments");
}

Json stringList(const std::vector<std::string>& parts)
{
    Json list = Json::array();
    for (const auto& p : parts)
        list.push_back(p);
    return list;
}

bool matchesAffix(const std::string& text, const Value& affix, bool prefix, const std::string& method)
{
    std::vector<std::string> options;
    if (affix.isString())
        options.push_back(affix.data.get<std::string>());
    else if (affix.isList())
        for (const auto& o : affix.data)
            options.push_back(requireString(Value(o), (method + "() tuple item").c_str()));
    else
        throw BuiltinError(method + "() argument must be str or a tuple of str, not '" + pythonTypeName(affix) + "'");
    for (const auto& o : options) {
        if (o.size() > text.size())
            continue;
        if (prefix ? text.compare(0, o.size(), o) == 0 : text.compare(text.size() - o.size(), o.size(), o) == 0)
            return true;
    }
    return false;
}

Value callStringMethod(const std::string& text, const std::string& name, const CallArgs& args)
{
    const std::string method = "str." + name;
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        checkArgCount(args, 1, method);
        const Value* chars = args.find(0, "chars");
        std::string set;
        const bool given = chars && !chars->isNone();
        if (given)
            set = requireString(*chars, (method + "() argument").c_str());
        return Value(pythonStrip(text, given ? &set : nullptr, name != "rstrip", name != "lstrip"));
    }
    if (name == "split") {
        checkArgCount(args, 2, method);
        const Value* sep = args.find(0, "sep");
        const Value* maxSplit = args.find(1, "maxsplit");
        const int64_t most = maxSplit ? requireInt(*maxSplit, "maxsplit") : -1;
        if (!sep || sep->isNone())
            return Value(stringList(pythonSplit(text, nullptr, most)));
        const std::string separator = requireString(*sep, "str.split() separator");
        if (separator.empty())
            throw BuiltinError("empty separator");
        return Value(stringList(pythonSplit(text, &separator, most)));
    }
    if (name == "startswith" || name == "endswith") {
        checkArgCount(args, 1, method);
        if (args.positional.empty())
            throw BuiltinError(method + "() takes exactly one argument");
        return Value(matchesAffix(text, args.positional[0], name == "startswith", method));
    }
    if (name == "upper" || name == "lower" || name == "title" || name == "capitalize" || name == "splitlines" ||
        name == "isdigit" || name == "isspace") {
        checkArgCount(args, 0, method);
        if (name == "upper")
            return Value(pythonUpper(text));
        if (name == "lower")
            return Value(pythonLower(text));
        if (name == "title")
            return Value(pythonTitle(text));
        if (name == "capitalize")
            return Value(pythonCapitalize(text));
        if (name == "splitlines")
            return Value(stringList(pythonSplitLines(text)));
        const auto points = splitCodePoints(text);
        if (name == "isspace")
            return Value(!points.empty() && std::all_of(points.begin(), points.end(), isPythonSpace));
        return Value(!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }));
    }
    if (name == "replace") {
        checkArgCount(args, 3, method);
        const Value* from = args.find(0, "old");
        const Value* to = args.find(1, "new");
        if (!from || !to)
            throw BuiltinError("str.replace() needs the old and the new text");
        const Value* count = args.find(2, "count");
        return Value(pythonReplace(text, requireString(*from, "replace() argument 1"),
                                   requireString(*to, "replace() argument 2"), count ? requireInt(*count, "count") : -1));
    }
    if (name == "find" || name == "count") {
        checkArgCount(args, 1, method);
        if (args.positional.empty())
            throw BuiltinError(method + "() takes exactly one argument");
        const std::string sub = requireString(args.positional[0], (method + "() argument").c_str());
        if (name == "find") {
            const size_t at = text.find(sub);
            return Value(at == std::string::npos ? int64_t(-1) : int64_t(codePointCount(text.substr(0, at))));
        }
        if (sub.empty())
            return Value(int64_t(codePointCount(text) + 1));
        int64_t n = 0;
        for (size_t at = text.find(sub); at != std::string::npos; at = text.find(sub, at + sub.size()))
            ++n;
        return Value(n);
    }
    // join
    checkArgCount(args, 1, method);
    if (args.positional.empty())
        throw BuiltinError("str.join() takes exactly one argument");
    std::string out;
    bool first = true;
    for (const Value& item : iterateValue(args.positional[0])) {
        if (!first)
            out += text;
        first = false;
        out += requireString(item, "str.join() item");
    }
    return Value(out);
}

Value callDictMethod(const Json& dict, const std::string& name, const CallArgs& args)
{
    if (name == "get") {
        checkArgCount(args, 2, "dict.get");
        if (args.positional.empty())
            throw BuiltinError("dict.get() needs a key");
        const Value& key = args.positional[0];
        if (key.isString()) {
            auto it = dict.find(key.data.get<std::string>());
            if (it != dict.end())
                return Value(*it);
        }
        const Value* fallback = args.find(1, "default");
        return fallback ? *fallback : Value(Json(nullptr));
    }
    checkArgCount(args, 0, "dict." + name);
    Json list = Json::array();
    for (auto it = dict.begin(); it != dict.end(); ++it) {
        if (name == "items")
            list.push_back(Json::array({it.key(), it.value()}));
        else if (name == "keys")
            list.push_back(it.key());
        else
            list.push_back(it.value());
    }
    return Value(std::move(list));
}

Value boundMethod(const Value& object, const std::string& name)
{
    const bool isString = object.isString();
    return Value::callable(name, [object, name, isString](CallArgs& args) {
        return isString ? callStringMethod(object.data.get_ref<const std::string&>(), name, args)
                        : callDictMethod(object.data, name, args);
    });
}

std::string objectName(const Value& v)
{
    return "'" + pythonTypeName(v) + " object'";
}

} // namespace

Value getAttribute(const Value& object, const std::string& name)
{
    if (object.isUndefined())
        throwUndefined(object);
    if (object.kind == Value::Kind::Namespace) {
        for (const auto& [key, value] : *object.attributes)
            if (key == name)
                return value;
    } else if (object.isDict()) {
        if (contains(std::begin(kDictMethods), std::end(kDictMethods), name))
            return boundMethod(object, name);
        auto it = object.data.find(name);
        if (it != object.data.end())
            return Value(*it);
    } else if (object.isString() && contains(std::begin(kStringMethods), std::end(kStringMethods), name)) {
        return boundMethod(object, name);
    }
    return Value::undefined(objectName(object) + " has no attribute '" + name + "'");
}

Value getItem(const Value& object, const Value& key)
{
    if (object.isUndefined())
        throwUndefined(object);
    if (object.isDict() && key.isString()) {
        auto it = object.data.find(key.data.get<std::string>());
        if (it != object.data.end())
            return Value(*it);
    }
    if ((object.isList() || object.isString()) && isIntLike(key)) {
        const std::vector<std::string> points =
            object.isString() ? splitCodePoints(object.data.get<std::string>()) : std::vector<std::string>{};
        const int64_t size = object.isString() ? int64_t(points.size()) : int64_t(object.data.size());
        int64_t index = asInt(key);
        if (index < 0)
            index += size;
        if (index >= 0 && index < size)
            return object.isString() ? Value(points[size_t(index)]) : Value(object.data[size_t(index)]);
        return Value::undefined(objectName(object) + " has no element " + std::to_string(asInt(key)));
    }
    if (key.isString())
        return getAttribute(object, key.data.get<std::string>());
    return Value::undefined(objectName(object) + " has no element " + toPythonRepr(key));
}

Value getSlice(const Value& object, const Value* start, const Value* stop, const Value* step)
{
    if (object.isUndefined())
        throwUndefined(object);
    if (!object.isList() && !object.isString())
        throw BuiltinError(objectName(object) + " is not subscriptable");
    const auto part = [](const Value* v, const char* what) -> std::optional<int64_t> {
        if (!v || v->isNone())
            return std::nullopt;
        if (!isIntLike(*v))
            throw BuiltinError(std::string("slice ") + what + " must be an integer or None");
        return asInt(*v);
    };
    const std::vector<std::string> points =
        object.isString() ? splitCodePoints(object.data.get<std::string>()) : std::vector<std::string>{};
    const int64_t size = object.isString() ? int64_t(points.size()) : int64_t(object.data.size());
    const int64_t stride = part(step, "step").value_or(1);
    if (stride == 0)
        throw BuiltinError("slice step cannot be zero");
    // Python's slice.indices().
    const auto clamp = [&](std::optional<int64_t> v, int64_t fallback) {
        if (!v)
            return fallback;
        int64_t i = *v < 0 ? *v + size : *v;
        if (stride > 0)
            return std::clamp<int64_t>(i, 0, size);
        return std::clamp<int64_t>(i, -1, size - 1);
    };
    const int64_t from = clamp(part(start, "start"), stride > 0 ? 0 : size - 1);
    const int64_t to = clamp(part(stop, "stop"), stride > 0 ? size : -1);
    std::string text;
    Json list = Json::array();
    for (int64_t i = from; stride > 0 ? i < to : i > to; i += stride) {
        if (object.isString())
            text += points[size_t(i)];
        else
            list.push_back(object.data[size_t(i)]);
    }
    return object.isString() ? Value(text) : Value(std::move(list));
}

std::vector<Value> iterateValue(const Value& value)
{
    std::vector<Value> items;
    if (value.isUndefined())
        return items;
    if (value.isList()) {
        for (const auto& item : value.data)
            items.emplace_back(item);
    } else if (value.isDict()) {
        for (auto it = value.data.begin(); it != value.data.end(); ++it)
            items.emplace_back(it.key());
    } else if (value.isString()) {
        for (auto& point : splitCodePoints(value.data.get<std::string>()))
            items.emplace_back(std::move(point));
    } else {
        throw BuiltinError("'" + pythonTypeName(value) + "' object is not iterable");
    }
    return items;
}

void checkStringSize(size_t bytes, const RenderLimits& limits)
{
    if (bytes > limits.maxOutputBytes)
        throw BuiltinError("a string would grow past the limit of " + std::to_string(limits.maxOutputBytes) + " bytes");
}

Json toData(const Value& value, const char* where)
{
    if (value.isData())
        return value.data;
    throw BuiltinError(std::string("cannot put a ") + pythonTypeName(value) + " value " + where);
}

} // namespace lw::jinja
