#include "explain/model_pool.h"

#include "common/error.h"
#include "explain/request_key.h"
#include "model/hub_cache.h"

#include <algorithm>

namespace interlens {

ModelPool::ModelPool(std::size_t capacity) : m_capacity(std::max<std::size_t>(1, capacity)) {}

LoadedModel ModelPool::get(const std::string& dir, const ComputeDevice& device)
{
    const ModelFolderIdentity identity = modelFolderIdentity(dir);
    if (!identity.error.empty())
        return loadModels({dir}, device).front(); // unreadable: the loader's own error, nothing kept
    const std::string key = dir + '\n' + identity.weightsFingerprint + '\n' + identity.configHash + '\n' +
                            identity.tokenizerHash + '\n' + device.describe();

    std::promise<LoadedModel> promise;
    std::shared_future<LoadedModel> model;
    std::uint64_t serial = 0;
    {
        const std::lock_guard lock(m_mutex);
        const auto it =
            std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.key == key; });
        if (it != m_entries.end()) {
            m_entries.splice(m_entries.begin(), m_entries, it);
            model = it->model;
        } else {
            serial = ++m_nextSerial;
            model = promise.get_future().share();
            m_entries.push_front({key, serial, model});
            // Dropping an entry frees nothing still in use: callers hold their own LoadedModel copies.
            while (m_entries.size() > m_capacity)
                m_entries.pop_back();
        }
    }
    if (serial == 0)
        return model.get(); // waits while another thread loads it

    // Loaded outside the lock, so requests for other models are not held up by this one.
    try {
        LoadedModel loaded = loadModels({dir}, device).front();
        promise.set_value(loaded);
        if (loaded.failed())
            forget(key, serial);
        return loaded;
    } catch (...) {
        promise.set_exception(std::current_exception());
        forget(key, serial);
        throw;
    }
}

std::vector<LoadedModel> ModelPool::getAll(const std::vector<std::string>& dirs, const ComputeDevice& device,
                                           const RunControl& control)
{
    std::vector<LoadedModel> models;
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        throwIfCancelled(control.cancel);
        if (control.progress)
            control.progress({i, modelDisplayName(dirs[i]), ProgressStage::Loading, 0.0, 0.0, {}});
        models.push_back(get(dirs[i], device));
    }
    return models;
}

void ModelPool::forget(const std::string& key, std::uint64_t serial)
{
    const std::lock_guard lock(m_mutex);
    m_entries.remove_if([&](const Entry& e) { return e.key == key && e.serial == serial; });
}

std::size_t ModelPool::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_entries.size();
}

std::shared_ptr<ModelPool> ModelPool::shared()
{
    static const auto pool = std::make_shared<ModelPool>();
    return pool;
}

} // namespace interlens
