#include "help_dialog.h"

#include "common/resources.h"

#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace interlens::ui {

namespace {
constexpr const char* kHelpSection = "The desktop application";
}

QString markdownSection(const QString& markdown, const QString& heading)
{
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    QStringList out;
    bool inside = false;
    bool inCode = false; // "# ..." lines inside ``` blocks are shell comments, not headings
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("```")))
            inCode = !inCode;
        const bool heading2 =
            !inCode && (line.startsWith(QLatin1String("## ")) || line.startsWith(QLatin1String("# ")));
        if (inside && heading2)
            break;
        if (!inside && line == QStringLiteral("## ") + heading)
            inside = true;
        if (inside)
            out << line;
    }
    return out.join(QLatin1Char('\n'));
}

void showHelp(QWidget* parent)
{
    const QString readme = QString::fromStdString((docsDir() / "README.md").string());
    QFile file(readme);
    QString text;
    if (file.open(QIODevice::ReadOnly))
        text = markdownSection(QString::fromUtf8(file.readAll()), QString::fromLatin1(kHelpSection));
    if (text.isEmpty())
        text = QObject::tr("The documentation is not installed: %1 is missing or has no section \"%2\".")
                   .arg(readme, QString::fromLatin1(kHelpSection));

    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("helpDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QObject::tr("Interlens Help"));
    auto* browser = new QTextBrowser(dialog);
    // Relative links and pictures (resources/screenshots/...) resolve against the README's folder.
    browser->setSearchPaths({QString::fromStdString(docsDir().string())});
    browser->setMarkdown(text);
    browser->setOpenExternalLinks(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QPushButton* whole = buttons->addButton(QObject::tr("Open the whole README"), QDialogButtonBox::HelpRole);
    QObject::connect(whole, &QPushButton::clicked, dialog,
                     [readme] { QDesktopServices::openUrl(QUrl::fromLocalFile(readme)); });
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    dialog->resize(820, 700);
    dialog->show();
}

} // namespace interlens::ui
