#pragma once

#include <string>
#include <vector>

// Models by Hugging Face hub id, offline: "org/name[@revision]" resolved in the local hub cache exactly as
// huggingface_hub lays it out (nothing is ever downloaded):
//   CACHE/models--org--name/refs/<revision>      a file holding the commit hash of a branch or tag
//   CACHE/models--org--name/snapshots/<commit>/  the files of that commit, symlinks into ../../blobs/
// CACHE is $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE (its older name), else $HF_HOME/hub, else
// $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub. A revision is a ref (main, a branch such as
// Pythia's step143000, a tag) or a full commit hash; none means main.
namespace interlens {

struct HubModelId
{
    std::string repo;     // "org/name" (or a legacy "name")
    std::string revision; // "main" when not given
};

// "org/name" or "org/name@revision" in the hub's repo-id syntax; false for anything else (paths such as
// "./x", "/abs", "a/b/c").
bool parseHubModelId(const std::string& text, HubModelId* id);

// The cache folder and the variable it came from ("HF_HUB_CACHE", ..., or "default").
struct HubCacheRoot
{
    std::string path;
    std::string source;
};
HubCacheRoot hubCacheRoot();

// What the caller will read from the snapshot; the resolver checks that these files are there (and that their
// blob symlinks are not dangling) so that a partial download is reported as such.
enum class HubFiles { Model, Tokenizer, ModelAndTokenizer };

// The snapshot folder of `id` under `cacheRoot`. InputError naming the folders searched when the model is not
// cached, the revisions cached when the revision is not, and the files missing from the snapshot.
std::string resolveHubSnapshot(const HubModelId& id, const std::string& cacheRoot, HubFiles needs);

// The one entry point for "a model folder or a hub id": an existing folder is returned as given; otherwise a
// hub id is resolved in hubCacheRoot(); otherwise (neither) InputError naming both what was looked for.
std::string resolveModelLocation(const std::string& folderOrHubId, HubFiles needs = HubFiles::Model);

// A short name for a model folder: for a cache snapshot "name" (revision main) or "name@revision" (the ref
// naming that commit, else the commit's first 12 digits), without the org and without "/" so it can name a
// model in a session file; for any other folder its last component.
std::string modelDisplayName(const std::string& dir);

// Every model in the cache with its revisions (refs by name, then snapshots no ref names, by commit), for the
// GUI's model picker. Sorted by repo; empty when the cache folder does not exist.
struct CachedHubModel
{
    std::string repo;
    std::vector<std::string> revisions;
};
std::vector<CachedHubModel> listCachedHubModels(const std::string& cacheRoot);

} // namespace interlens
