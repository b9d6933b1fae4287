#include "hub_cache_menu.h"

#include "model/hub_cache.h"

#include <QMenu>

namespace interlens::ui {

void fillHubCacheMenu(QMenu* menu, const std::function<void(const QString&)>& chosen)
{
    menu->clear();
    const HubCacheRoot root = hubCacheRoot();
    const std::vector<CachedHubModel> models = listCachedHubModels(root.path);
    if (models.empty()) {
        menu->addAction(QObject::tr("No models in %1").arg(QString::fromStdString(root.path)))
            ->setEnabled(false);
        return;
    }
    for (const CachedHubModel& model : models) {
        QMenu* revisions = menu->addMenu(QString::fromStdString(model.repo));
        for (const std::string& revision : model.revisions) {
            const QString id = QString::fromStdString(model.repo + "@" + revision);
            revisions->addAction(QString::fromStdString(revision), menu, [chosen, id] { chosen(id); });
        }
        if (model.revisions.empty())
            revisions->addAction(QObject::tr("(no revision cached)"))->setEnabled(false);
    }
}

} // namespace interlens::ui
