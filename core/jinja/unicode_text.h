#pragma once
// Python's str operations on UTF-8 text, code point by code point: len() and indexing
// count code points, strip() knows Python's whitespace, and upper(), lower(), title()
// and capitalize() use full Unicode case mapping (through ICU), so Vietnamese and
// German text change case as they do in Python.
#include <cstdint>
#include <string>
#include <vector>

namespace lw::jinja {

// The text cut into its code points, each as its UTF-8 bytes.
std::vector<std::string> splitCodePoints(const std::string& text);
size_t codePointCount(const std::string& text);
// Python's str.isspace() for one code point given as UTF-8.
bool isPythonSpace(const std::string& codePoint);

// str.strip / lstrip / rstrip; `chars` null: whitespace.
std::string pythonStrip(const std::string& text, const std::string* chars, bool left, bool right);
std::string pythonUpper(const std::string& text);
std::string pythonLower(const std::string& text);
// str.title(): a cased letter after a cased letter goes lower, any other goes title case.
std::string pythonTitle(const std::string& text);
// str.capitalize(): the first code point in title case, the rest lower.
std::string pythonCapitalize(const std::string& text);
// str.split(sep, maxsplit); `separator` null: runs of whitespace.
std::vector<std::string> pythonSplit(const std::string& text, const std::string* separator, int64_t maxSplit);
// str.replace(old, new, count); count < 0: all.
std::string pythonReplace(const std::string& text, const std::string& from, const std::string& to, int64_t count);
// str.splitlines() (without the line ends).
std::vector<std::string> pythonSplitLines(const std::string& text);

} // namespace lw::jinja
