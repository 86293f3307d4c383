#include "core/store/project.h"

#include "core/store/sqlite_connection.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

#include <filesystem>

namespace lw::store {

namespace fs = std::filesystem;

namespace {

const char* const kSubFolders[] = {"datasets", "tokenizers", "runs", "exports"};

std::string absoluteFolder(const std::string& dir)
{
    if (dir.empty())
        throw Error::inField("project folder", "no folder given");
    return fs::absolute(dir).lexically_normal().string();
}

void createFolder(const fs::path& folder)
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw Error(folder.string() + ": cannot create the folder: " + ec.message());
}

} // namespace

Project::Project(std::string root, std::string name) :
    m_root(std::move(root)), m_name(std::move(name))
{
    // A trailing separator from lexically_normal ("/a/b/") would double up in paths.
    while (m_root.size() > 1 && m_root.back() == '/')
        m_root.pop_back();
}

Project Project::openOrCreate(const std::string& dir, const std::string& name)
{
    std::string root = absoluteFolder(dir);
    createFolder(root);
    for (const char* sub : kSubFolders)
        createFolder(fs::path(root) / sub);
    Store store((fs::path(root) / kStoreFileName).string());
    auto info = store.projectInfo();
    if (!info) {
        std::string projectName = name.empty() ? fs::path(root).filename().string() : name;
        store.setProjectInfo(projectName, "");
        info = store.projectInfo();
    }
    return Project(root, info->name);
}

Project Project::open(const std::string& dir)
{
    std::string root = absoluteFolder(dir);
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        throw Error(root + ": no such project folder");
    fs::path storeFile = fs::path(root) / kStoreFileName;
    if (!fs::exists(storeFile, ec))
        throw Error(root + ": not an LLM Workbench project (it has no " + kStoreFileName + ")");
    Store store(storeFile.string(), Store::OpenMode::MustExist);
    auto info = store.projectInfo();
    return Project(root, info ? info->name : fs::path(root).filename().string());
}

std::string Project::storePath() const
{
    return (fs::path(m_root) / kStoreFileName).string();
}

std::string Project::datasetsDir() const
{
    return (fs::path(m_root) / "datasets").string();
}

std::string Project::tokenizersDir() const
{
    return (fs::path(m_root) / "tokenizers").string();
}

std::string Project::runsDir() const
{
    return (fs::path(m_root) / "runs").string();
}

std::string Project::exportsDir() const
{
    return (fs::path(m_root) / "exports").string();
}

std::string Project::modelsDir() const
{
    return (fs::path(m_root) / "models").string();
}

std::string Project::slug(const std::string& name, const std::string& fallback)
{
    constexpr size_t kMaxLength = 48;
    std::string slug;
    for (unsigned char c : name) {
        if (slug.size() >= kMaxLength)
            break;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            slug.push_back(static_cast<char>(c));
        else if (c >= 'A' && c <= 'Z')
            slug.push_back(static_cast<char>(c - 'A' + 'a'));
        else if (!slug.empty() && slug.back() != '-')
            slug.push_back('-');
    }
    while (!slug.empty() && slug.back() == '-')
        slug.pop_back();
    return slug.empty() ? fallback : slug;
}

std::string Project::runDirName(int64_t runId, const std::string& runName)
{
    return "runs/" + std::to_string(runId) + "-" + slug(runName);
}

std::string Project::runDir(int64_t runId, const std::string& runName) const
{
    return (fs::path(m_root) / runDirName(runId, runName)).string();
}

std::string Project::datasetDir(const std::string& datasetName) const
{
    return (fs::path(datasetsDir()) / slug(datasetName, "dataset")).string();
}

std::string Project::tokenizerDir(const std::string& tokenizerName) const
{
    return (fs::path(tokenizersDir()) / slug(tokenizerName, "tokenizer")).string();
}

Store Project::openStore() const
{
    return Store(storePath(), Store::OpenMode::MustExist);
}

Store Project::openStoreForListing() const
{
    Store store = openStore();
    store.reconcileInterruptedRuns();
    return store;
}

int64_t Project::createRun(Store& store, NewRun run) const
{
    if (store.projectDir() != m_root)
        throw Error(store.path() + ": this store is not the one of project " + m_root);
    Transaction transaction(store.connection());
    run.runDir.clear();
    int64_t id = store.createRun(run);
    RunRecord record = store.run(id);
    record.runDir = runDirName(id, run.name);
    store.updateRun(record);
    createFolder(fs::path(m_root) / record.runDir);
    transaction.commit();
    return id;
}

} // namespace lw::store
