#include "study_findings_panel.h"

#include "study_controller.h"
#include "view_frame.h"

#include "common/error.h"
#include "study/findings_report.h"
#include "study/study_findings.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace interlens::ui {

namespace {

QString number(const nlohmann::json& x)
{
    return x.is_number() ? QString::number(x.get<double>(), 'f', 3) : QStringLiteral("n/a");
}

QString withCi(const nlohmann::json& value, const nlohmann::json& ci)
{
    if (!value.is_number())
        return QStringLiteral("n/a");
    return QStringLiteral("%1 [%2, %3]").arg(number(value), number(ci[0]), number(ci[1]));
}

QTableWidget* makeTable(const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(true);
    return table;
}

void setRow(QTableWidget* table, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        item->setToolTip(cells[c]);
        table->setItem(row, c, item);
    }
}

} // namespace

StudyFindingsPanel::StudyFindingsPanel(StudyController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_groups(new QLineEdit(this)), m_message(new QLabel(this)),
      m_table(makeTable({tr("Finding"), tr("Claim"), tr("Verdict"), tr("Numbers")}, this)),
      m_pairs(
          makeTable({tr("Pair"), tr("Prompts"), tr("κ [95 % CI]"), tr("Independent κ"), tr("Overlap")}, this))
{
    m_groups->setPlaceholderText(tr("Groups for F2, the stronger first: strong:A,B;weak:C,D"));
    m_groups->setToolTip(tr("Model ids of the study, as in `interlens findings --groups`"));
    m_message->setWordWrap(true);
    auto* tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(m_table);
    tables->addWidget(m_pairs);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_groups);
    layout->addWidget(m_message);
    layout->addWidget(tables, 1);
    auto* frame = new ViewFrame(tr("Findings (F1–F3; the paper's κ: 60.99–77.46 %)"), body, this);
    connect(frame->addButton(tr("Export…"), tr("Export the findings as a Markdown or HTML report, or JSON")),
            &QToolButton::clicked, this, &StudyFindingsPanel::exportReport);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(frame);

    connect(m_groups, &QLineEdit::editingFinished, this, &StudyFindingsPanel::recompute);
    connect(m_controller, &StudyController::studyChanged, this, &StudyFindingsPanel::recompute);
    recompute();
}

void StudyFindingsPanel::recompute()
{
    m_findings = nlohmann::json();
    m_table->setRowCount(0);
    m_pairs->setRowCount(0);
    if (!m_controller->hasStudy()) {
        m_message->setText(tr("No study open."));
        return;
    }
    try {
        FindingsOptions options;
        const std::string groups = m_groups->text().trimmed().toStdString();
        if (!groups.empty())
            options.groups = parseModelGroups(groups);
        m_findings = computeFindings(m_controller->study(), options, m_controller->filePath().toStdString());
    } catch (const std::exception& e) {
        m_message->setText(QString::fromStdString(e.what()));
        return;
    }
    m_message->setText(tr("%1 prompt(s) tested, %2 bootstrap resamples.")
                           .arg(m_findings["prompts_tested"].get<int>())
                           .arg(m_findings["options"]["bootstrap"].get<int>()));
    const nlohmann::json& findings = m_findings["findings"];
    m_table->setRowCount(static_cast<int>(findings.size()));
    for (int r = 0; r < static_cast<int>(findings.size()); ++r) {
        const nlohmann::json& f = findings[static_cast<std::size_t>(r)];
        setRow(m_table, r,
               {QString::fromStdString(f["id"]), QString::fromStdString(f["claim"]),
                QString::fromStdString(f["verdict"]), QString::fromStdString(f["statement"])});
    }
    const nlohmann::json& pairs = m_findings["pairs"];
    m_pairs->setRowCount(static_cast<int>(pairs.size()));
    for (int r = 0; r < static_cast<int>(pairs.size()); ++r) {
        const nlohmann::json& p = pairs[static_cast<std::size_t>(r)];
        const nlohmann::json overlap =
            p.contains("variants") ? p["variants"]["overlap"]["value"] : nlohmann::json();
        setRow(m_pairs, r,
               {QString::fromStdString(p["a"].get<std::string>() + " / " + p["b"].get<std::string>()),
                QString::number(p["prompts"].get<int>()), withCi(p["kappa"], p["kappa_ci"]),
                number(p.value("independent_kappa", nlohmann::json())), number(overlap)});
    }
    m_table->resizeRowsToContents();
    m_pairs->resizeColumnsToContents();
}

bool StudyFindingsPanel::exportTo(const QString& path, QString* error)
{
    try {
        if (m_findings.is_null())
            throw InputError("no findings to export: " + m_message->text().toStdString());
        writeFindingsReport(m_findings, path.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void StudyFindingsPanel::exportReport()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export findings"), QDir(dir).filePath(QStringLiteral("findings.html")),
        tr("HTML report (*.html);;Markdown report (*.md);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportTo(path, &error))
        Q_EMIT failed(tr("Export failed"), error);
}

} // namespace interlens::ui
