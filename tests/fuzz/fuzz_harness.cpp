#include "fuzz_harness.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace lw::fuzz {

namespace fs = std::filesystem;

namespace {

std::vector<NamedHarness>& registry()
{
    static std::vector<NamedHarness> all;
    return all;
}

// A folder per process, so that fuzzers and test runs side by side never share files.
class ScratchFolder {
public:
    ScratchFolder()
    {
        std::error_code ec;
        fs::path base = fs::temp_directory_path(ec);
        if (ec)
            base = "/tmp";
        m_path = base / ("lw-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(m_path);
    }
    ~ScratchFolder()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

const ScratchFolder& scratch()
{
    static ScratchFolder folder;
    return folder;
}

} // namespace

bool registerHarness(const char* name, Harness run)
{
    registry().push_back({name, run});
    return true;
}

const std::vector<NamedHarness>& harnesses()
{
    return registry();
}

void invariantBroken(const std::string& what)
{
    throw InvariantBroken(what);
}

std::string scratchFolder()
{
    return scratch().path().string();
}

bool namesInputFile(std::string_view message)
{
    return message.find(scratchFolder()) != std::string_view::npos;
}

std::string writeScratchFile(const std::string& name, std::string_view bytes)
{
    const fs::path path = scratch().path() / name;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
        std::abort(); // the harness's own failure, not the parser's
    }
    return path.string();
}

std::vector<std::string_view> splitParts(std::string_view input, size_t count)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < count) {
        const size_t at = input.find(kPartSeparator);
        if (at == std::string_view::npos)
            break;
        parts.push_back(input.substr(0, at));
        input.remove_prefix(at + kPartSeparator.size());
    }
    parts.push_back(input);
    parts.resize(count);
    return parts;
}

unsigned char takeOptionByte(std::string_view& input)
{
    if (input.empty())
        return 0;
    const auto value = static_cast<unsigned char>(input.front());
    input.remove_prefix(1);
    return value;
}

} // namespace lw::fuzz
