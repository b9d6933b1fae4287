#include "demo_prompt.h"

#include "common/resources.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace interlens::ui {

DemoPrompt builtinDemoPrompt()
{
    return {QStringLiteral("builtin"),
            QStringLiteral(
                "Once upon a time there was a little girl named Lily. She loved to play with her big red "
                "ball in the"),
            QStringLiteral("park"),
            {QStringLiteral("little"), QStringLiteral("girl"), QStringLiteral("Lily"),
             QStringLiteral("loved"), QStringLiteral("play"), QStringLiteral("ball")}};
}

DemoPrompt loadDemoPrompt(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return builtinDemoPrompt();
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString text = o.value(QStringLiteral("text")).toString();
        if (text.isEmpty())
            continue;
        DemoPrompt demo;
        demo.id = o.value(QStringLiteral("id")).toString();
        demo.text = text;
        demo.target = o.value(QStringLiteral("target")).toString();
        for (const QJsonValue& v : o.value(QStringLiteral("players")).toArray())
            demo.players << v.toString();
        return demo;
    }
    return builtinDemoPrompt();
}

DemoPrompt defaultDemoPrompt()
{
    return loadDemoPrompt(QString::fromStdString((resourcesDir() / "prompts" / "demo.jsonl").string()));
}

} // namespace interlens::ui
