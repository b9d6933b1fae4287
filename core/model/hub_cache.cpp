#include "model/hub_cache.h"

#include "common/error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace fs = std::filesystem;

namespace interlens {

namespace {

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

// huggingface_hub's folder name for a model repo: "models--" + repo with "/" as "--".
std::string repoFolder(const std::string& cacheRoot, const std::string& repo)
{
    std::string name = "models--";
    for (const char c : repo)
        name += c == '/' ? std::string("--") : std::string(1, c);
    return (fs::path(cacheRoot) / name).string();
}

std::string readCommit(const fs::path& refFile)
{
    std::ifstream in(refFile);
    std::string commit;
    std::getline(in, commit);
    commit.erase(
        std::remove_if(commit.begin(), commit.end(), [](unsigned char c) { return std::isspace(c); }),
        commit.end());
    return commit;
}

// Files under refs/ as revision names (a branch "a/b" is the file refs/a/b), sorted.
std::vector<std::string> refNames(const fs::path& repoDir)
{
    std::vector<std::string> names;
    std::error_code ec;
    const fs::path refs = repoDir / "refs";
    for (auto it = fs::recursive_directory_iterator(refs, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file())
            names.push_back(fs::relative(it->path(), refs).generic_string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> cachedRevisions(const fs::path& repoDir)
{
    std::vector<std::string> revisions = refNames(repoDir);
    std::set<std::string> named;
    for (const std::string& ref : revisions)
        named.insert(readCommit(repoDir / "refs" / ref));
    std::vector<std::string> unnamed;
    std::error_code ec;
    for (auto it = fs::directory_iterator(repoDir / "snapshots", ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        if (it->is_directory() && named.count(it->path().filename().string()) == 0)
            unnamed.push_back(it->path().filename().string());
    std::sort(unnamed.begin(), unnamed.end());
    revisions.insert(revisions.end(), unnamed.begin(), unnamed.end());
    return revisions;
}

std::string notCached(const HubModelId& id, const fs::path& repoDir)
{
    return "model " + id.repo + " is not in the Hugging Face cache: searched " + repoDir.string() +
           "; Interlens downloads nothing (fetch it first, e.g. huggingface-cli download " + id.repo +
           (id.revision == "main" ? std::string() : " --revision " + id.revision) + ")";
}

std::string describeRoot(const HubCacheRoot& root)
{
    return root.source == "default" ? std::string("the default cache location")
                                    : "the cache folder from $" + root.source;
}

// Why `name` cannot be read in `snapshot`, or empty when it can.
std::string missing(const fs::path& snapshot, const std::string& name)
{
    const fs::path file = snapshot / name;
    std::error_code ec;
    if (fs::exists(file, ec))
        return {};
    if (fs::is_symlink(file, ec))
        return name + " (a link to the missing blob " + fs::read_symlink(file, ec).string() + ")";
    return name;
}

std::vector<std::string> missingFiles(const fs::path& snapshot, HubFiles needs)
{
    std::vector<std::string> lacking;
    const auto need = [&](const std::string& name) {
        if (std::string why = missing(snapshot, name); !why.empty())
            lacking.push_back(why);
    };
    if (needs != HubFiles::Tokenizer) {
        need("config.json");
        if (!missing(snapshot, "model.safetensors").empty() &&
            !missing(snapshot, "model.safetensors.index.json").empty()) {
            std::error_code ec;
            const bool onlyPickle = fs::exists(snapshot / "pytorch_model.bin", ec) ||
                                    fs::exists(snapshot / "pytorch_model.bin.index.json", ec);
            lacking.push_back(
                missing(snapshot, "model.safetensors") + " (or model.safetensors.index.json)" +
                (onlyPickle ? "; only pytorch_model.bin is cached, and Interlens reads safetensors" : ""));
        }
    }
    if (needs != HubFiles::Model)
        need("tokenizer.json");
    return lacking;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

} // namespace

bool parseHubModelId(const std::string& text, HubModelId* id)
{
    // Repo ids: one or two names of letters, digits, '.', '_', '-' (no leading '.' or '-', no "--" or "..").
    static const std::regex repoSyntax(R"(^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)?$)");
    static const std::regex revisionSyntax(R"(^[A-Za-z0-9_][A-Za-z0-9._/-]*$)");
    const size_t at = text.find('@');
    const std::string repo = text.substr(0, at);
    const std::string revision = at == std::string::npos ? std::string("main") : text.substr(at + 1);
    if (!std::regex_match(repo, repoSyntax) || repo.find("--") != std::string::npos ||
        repo.find("..") != std::string::npos)
        return false;
    if (!std::regex_match(revision, revisionSyntax) || revision.find("..") != std::string::npos)
        return false;
    if (id)
        *id = {repo, revision};
    return true;
}

HubCacheRoot hubCacheRoot()
{
    for (const char* name : {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"})
        if (const std::string value = environment(name); !value.empty())
            return {value, name};
    if (const std::string home = environment("HF_HOME"); !home.empty())
        return {(fs::path(home) / "hub").string(), "HF_HOME"};
    if (const std::string xdg = environment("XDG_CACHE_HOME"); !xdg.empty())
        return {(fs::path(xdg) / "huggingface" / "hub").string(), "XDG_CACHE_HOME"};
    return {(fs::path(environment("HOME")) / ".cache" / "huggingface" / "hub").string(), "default"};
}

std::string resolveHubSnapshot(const HubModelId& id, const std::string& cacheRoot, HubFiles needs)
{
    const fs::path repoDir = repoFolder(cacheRoot, id.repo);
    std::error_code ec;
    if (!fs::is_directory(repoDir, ec))
        throw InputError(notCached(id, repoDir));
    const std::string label = id.repo + "@" + id.revision;
    std::string commit;
    const fs::path ref = repoDir / "refs" / id.revision;
    if (fs::is_regular_file(ref, ec)) {
        commit = readCommit(ref);
        if (commit.empty())
            throw InputError(
                fileMessage(ref.string(), "is empty (expected the commit hash of " + label + ")"));
    } else if (fs::is_directory(repoDir / "snapshots" / id.revision, ec)) {
        commit = id.revision; // a commit hash given as the revision
    } else {
        const std::vector<std::string> cached = cachedRevisions(repoDir);
        throw InputError(
            "revision " + id.revision + " of " + id.repo + " is not in the Hugging Face cache: neither " +
            ref.string() + " nor " + (repoDir / "snapshots" / id.revision).string() +
            " exists; cached revisions: " + (cached.empty() ? std::string("none") : joined(cached)));
    }
    const fs::path snapshot = repoDir / "snapshots" / commit;
    if (!fs::is_directory(snapshot, ec))
        throw InputError(fileMessage(ref.string(), "names commit " + commit + " of " + label + ", but " +
                                                       snapshot.string() + " does not exist"));
    const std::vector<std::string> lacking = missingFiles(snapshot, needs);
    if (!lacking.empty())
        throw InputError("Hugging Face cache snapshot " + snapshot.string() + " (" + label + ") lacks " +
                         joined(lacking) + "; download the missing files first");
    return snapshot.string();
}

std::string resolveModelLocation(const std::string& folderOrHubId, HubFiles needs)
{
    std::error_code ec;
    HubModelId id;
    if (fs::exists(folderOrHubId, ec) || !parseHubModelId(folderOrHubId, &id))
        return folderOrHubId; // a folder (or a path the loaders will report as missing)
    const HubCacheRoot root = hubCacheRoot();
    if (!fs::is_directory(repoFolder(root.path, id.repo), ec))
        throw InputError("'" + folderOrHubId + "' is not a folder (searched " +
                         fs::absolute(folderOrHubId, ec).string() + "), and " +
                         notCached(id, repoFolder(root.path, id.repo)) + "; " + root.path + " is " +
                         describeRoot(root));
    return resolveHubSnapshot(id, root.path, needs);
}

std::string modelDisplayName(const std::string& dir)
{
    const fs::path path = fs::path(dir).lexically_normal();
    const fs::path folder = path.filename().empty() ? path.parent_path() : path;
    const std::string repoName = folder.parent_path().parent_path().filename().string();
    if (folder.parent_path().filename() != "snapshots" || repoName.rfind("models--", 0) != 0)
        return folder.filename().string();
    const std::string name = repoName.substr(repoName.rfind("--") + 2);
    const std::string commit = folder.filename().string();
    const fs::path repoDir = folder.parent_path().parent_path();
    std::string revision;
    for (const std::string& ref : refNames(repoDir))
        if (readCommit(repoDir / "refs" / ref) == commit && (revision.empty() || ref == "main"))
            revision = ref;
    if (revision == "main")
        return name;
    if (revision.empty())
        revision = commit.substr(0, 12);
    std::replace(revision.begin(), revision.end(), '/', '_');
    return name + "@" + revision;
}

std::vector<CachedHubModel> listCachedHubModels(const std::string& cacheRoot)
{
    std::vector<CachedHubModel> models;
    std::error_code ec;
    for (auto it = fs::directory_iterator(cacheRoot, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!it->is_directory() || name.rfind("models--", 0) != 0)
            continue;
        std::string repo = name.substr(8);
        if (const size_t dash = repo.find("--"); dash != std::string::npos)
            repo.replace(dash, 2, "/");
        models.push_back({repo, cachedRevisions(it->path())});
    }
    std::sort(models.begin(), models.end(),
              [](const CachedHubModel& a, const CachedHubModel& b) { return a.repo < b.repo; });
    return models;
}

} // namespace interlens
