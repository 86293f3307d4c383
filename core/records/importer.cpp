#include "core/records/importer.h"

#include "core/records/byte_source.h"
#include "core/records/choice_subject.h"
#include "core/records/record_file.h"
#include "core/textfix/line_repair.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lw::records {

using Json = nlohmann::json;

namespace {

constexpr size_t kRejectedSample = 20;
constexpr size_t kShownRowBytes = 2000;

std::string fileSha256(const std::string& path)
{
    util::Sha256 sha;
    // Hash the bytes on disk, compressed or not: that is what a user can check with sha256sum.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw Error::fromErrno(path, "cannot open", errno);
    std::vector<char> buffer(size_t(1) << 20);
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0)
        sha.update(buffer.data(), n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed)
        throw Error::inFile(path, "read failed");
    return sha.hexDigest();
}

std::string shortened(const Json& row)
{
    std::string text = row.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > kShownRowBytes) {
        size_t cut = kShownRowBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut; // keep whole UTF-8 characters
        text = text.substr(0, cut) + "...";
    }
    return text;
}

Json rejectedToJson(const RejectedRow& r)
{
    Json j = {{"file", r.file}, {"line", r.line}, {"field", r.field}, {"reason", r.reason}};
    if (!r.row.empty())
        j["row"] = r.row;
    return j;
}

// Every text in NFC: Vietnamese (and much else) arrives with precomposed and combining
// marks mixed, which a tokenizer and the deduplicators would see as different strings.
bool normaliseToNfc(Record& r)
{
    bool changed = false;
    auto fix = [&](std::string& text) {
        if (textfix::isNfc(text))
            return;
        text = textfix::normalizeNfc(text);
        changed = true;
    };
    fix(r.text);
    for (auto* list : {&r.messages, &r.chosen, &r.rejected})
        for (auto& m : *list)
            fix(m.content);
    fix(r.question);
    for (auto& c : r.choices)
        fix(c);
    return changed;
}

// Reads one file's rows as records, detecting its layout; shared by import and preview.
class FileConverter {
public:
    FileConverter(const std::string& path, const std::string& shownPath, const ImportOptions& options)
        : m_path(path), m_shownPath(shownPath), m_options(options), m_layout(options.layout)
    {
    }

    // record(r) / rejected(r) return false to stop.
    bool run(const std::function<bool(Record&)>& record, const std::function<bool(RejectedRow&)>& rejected,
             const std::function<void(int64_t)>& progress)
    {
        SourceRowHandlers h;
        h.row = [&](Json& row, int64_t line) -> bool {
            if (!m_layout) {
                m_layout = detectLayout(row);
                if (!m_layout)
                    throw Error::inFile(m_shownPath,
                                        "no known layout in a row with the fields " + describeFields(row) +
                                            " (choose one with --format, or map columns with --map)",
                                        line);
            }
            RowProblem problem;
            auto converted = rowToRecord(row, *m_layout, problem);
            if (!converted) {
                RejectedRow r{m_shownPath, line, problem.field, problem.reason, shortened(row)};
                return rejected(r);
            }
            converted->source = SourceRef{m_shownPath, line};
            if (converted->kind == RecordKind::Choice && converted->subject.empty())
                converted->subject = subjectOfFileName(m_shownPath); // as `eval mc --data FILE` names it
            if (normaliseToNfc(*converted))
                ++m_normalised;
            return record(*converted);
        };
        h.malformed = [&](int64_t line, const std::string& field, const std::string& reason) -> bool {
            RejectedRow r{m_shownPath, line, field, reason, {}};
            return rejected(r);
        };
        h.progress = progress;
        return forEachSourceRow(m_path, m_options.read, h);
    }

    std::optional<Layout> layout() const { return m_layout; }
    int64_t normalisedRows() const { return m_normalised; }

private:
    int64_t m_normalised = 0;
    std::string m_path, m_shownPath;
    const ImportOptions& m_options;
    std::optional<Layout> m_layout;
};

std::string shownPathOf(const std::string& path)
{
    std::error_code ec;
    const auto absolute = fs::absolute(path, ec);
    return ec ? path : absolute.lexically_normal().string();
}

} // namespace

std::string RejectedRow::message() const
{
    std::string text = file + ":" + std::to_string(line) + ": ";
    if (!field.empty())
        text += "field '" + field + "': ";
    return text + reason;
}

ImportResult importDataset(const ImportOptions& options, const std::function<bool(const ImportProgress&)>& progress)
{
    if (options.outputDir.empty())
        throw Error("import: no output folder");
    const std::vector<std::string> files = expandImportPaths(options.inputs);

    std::error_code ec;
    if (fs::exists(options.outputDir, ec) && !fs::is_empty(options.outputDir, ec))
        throw Error::inFile(options.outputDir, "the output folder exists and is not empty");
    fs::create_directories(options.outputDir, ec);
    if (ec)
        throw Error::fromErrno(options.outputDir, "cannot create the folder", ec.value());
    // Anything that stops the import removes what it wrote.
    struct Cleanup {
        std::string dir;
        bool keep = false;
        ~Cleanup()
        {
            if (!keep) {
                std::error_code ignored;
                fs::remove_all(dir, ignored);
            }
        }
    } cleanup{options.outputDir};

    ImportResult result;
    DatasetVersion& v = result.version;
    v.name = options.name;
    v.dir = options.outputDir;
    v.toolVersion = toolVersion();
    v.createdAt = nowSeconds();

    RecordWriter records(v.recordsPath());
    util::AtomicFileWriter rejectedFile(v.rejectedPath());

    ImportProgress p;
    for (const auto& f : files)
        p.bytesTotal += fileSize(f);
    int64_t bytesBefore = 0;
    auto report = [&](int64_t fileBytes) {
        p.bytesDone = bytesBefore + fileBytes;
        if (progress && !progress(p))
            throw Error("cancelled");
    };

    for (const auto& file : files) {
        const std::string shown = shownPathOf(file);
        p.currentFile = shown;
        SourceFile source;
        source.path = shown;
        source.bytes = fileSize(file);
        source.sha256 = fileSha256(file);
        source.format = std::string(fileFormatName(
            options.read.format == FileFormat::Auto ? formatOfFile(file) : options.read.format));
        FileConverter converter(file, shown, options);
        converter.run(
            [&](Record& r) {
                const std::string_view kind = recordKindName(r.kind);
                if (v.kind.empty())
                    v.kind = std::string(kind);
                else if (v.kind != kind)
                    throw Error::inFile(shown, "its rows are " + std::string(kind) + " records but the dataset's are " +
                                                   v.kind + " records (import them as separate datasets)",
                                        r.source.line);
                records.write(r);
                ++source.rows;
                ++p.rows;
                return true;
            },
            [&](RejectedRow& r) {
                if (!options.skipBadRows)
                    throw Error(r.message() + " (use --skip-bad-rows to import the other rows and list these in a report)");
                rejectedFile.write(rejectedToJson(r).dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
                if (result.rejectedSample.size() < kRejectedSample)
                    result.rejectedSample.push_back(r);
                ++source.rejected;
                ++p.rejected;
                return true;
            },
            [&](int64_t done) { report(done); });
        source.layout = converter.layout() ? std::string(layoutName(*converter.layout())) : "";
        source.nfcNormalised = converter.normalisedRows();
        if (v.layout.empty())
            v.layout = source.layout;
        bytesBefore += source.bytes;
        report(0);
        v.sources.push_back(std::move(source));
    }
    if (p.rows == 0)
        throw Error("no rows were imported from " + shownPathOf(files.front()) +
                    (files.size() > 1 ? " and the other files" : "") +
                    (p.rejected > 0 ? " (every row was rejected; see the first: " + result.rejectedSample.front().message() + ")"
                                    : " (the files are empty)"));
    v.rows = p.rows;
    v.rejected = p.rejected;
    v.recordsSha256 = records.commit();
    rejectedFile.commit();
    writeManifest(v);
    cleanup.keep = true;
    return result;
}

std::vector<PreviewFile> previewImport(const ImportOptions& options, size_t maxRows)
{
    std::vector<PreviewFile> previews;
    for (const auto& file : expandImportPaths(options.inputs)) {
        PreviewFile preview;
        preview.path = shownPathOf(file);
        FileConverter converter(file, preview.path, options);
        try {
            preview.format = std::string(fileFormatName(
                options.read.format == FileFormat::Auto ? formatOfFile(file) : options.read.format));
            converter.run(
                [&](Record& r) {
                    preview.records.push_back(std::move(r));
                    return preview.records.size() < maxRows;
                },
                [&](RejectedRow& r) {
                    preview.problems.push_back(r);
                    return preview.problems.size() < maxRows;
                },
                {});
        } catch (const Error& e) {
            preview.error = e.what();
        }
        preview.layout = converter.layout() ? std::string(layoutName(*converter.layout())) : "";
        previews.push_back(std::move(preview));
    }
    return previews;
}

} // namespace lw::records
