#include "views_header.h"

#include "figure_caption.h"
#include "session_controller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace interlens::ui {

ViewsHeader::ViewsHeader(SessionController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_extraction(new QComboBox(this)),
      m_caption(new QLabel(this)), m_stale(new QLabel(this))
{
    m_extraction->setToolTip(
        tr("Which extraction the views show. Joint: a pair's values, salient and shared marks "
           "all from that pair's joint run (method.md §4). Single-model: each model's own "
           "extraction; sharing exists only in a joint run, so nothing is marked shared."));
    m_extraction->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setStyleSheet(QStringLiteral("color: #444"));
    m_caption->setWordWrap(true);
    m_stale->setText(outOfDateText());
    m_stale->setStyleSheet(QStringLiteral("background: #fff3c4; color: #5a4200; border: 1px solid #e0c060; "
                                          "padding: 2px 6px;"));
    m_stale->setWordWrap(true);
    m_stale->setVisible(false);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Extraction:"), this));
    row->addWidget(m_extraction);
    row->addWidget(m_caption, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 2);
    layout->setSpacing(3);
    layout->addLayout(row);
    layout->addWidget(m_stale);

    connect(controller, &SessionController::sessionChanged, this, &ViewsHeader::onSessionChanged);
    connect(m_extraction, &QComboBox::activated, this,
            [this](int index) { m_controller->setExtraction(m_extraction->itemData(index).toInt()); });
    onSessionChanged();
}

QString ViewsHeader::outOfDateText() const
{
    return tr(
        "Out of date: the settings on the left changed since these results. Press Run to compute them.");
}

void ViewsHeader::setOutOfDate(bool outOfDate)
{
    m_outOfDate = outOfDate;
    m_stale->setVisible(outOfDate);
}

QString ViewsHeader::captionText() const
{
    return m_caption->text();
}

void ViewsHeader::onSessionChanged()
{
    const SessionData& data = m_controller->data();
    const QSignalBlocker block(m_extraction);
    m_extraction->clear();
    if (data.session) {
        const auto& pairs = data.session->pairs;
        for (int i = 0; i < static_cast<int>(pairs.size()); ++i)
            if (hasJointExtraction(*data.session, i))
                m_extraction->addItem(tr("joint: %1 × %2")
                                          .arg(QString::fromStdString(pairs[static_cast<size_t>(i)].a),
                                               QString::fromStdString(pairs[static_cast<size_t>(i)].b)),
                                      i);
        m_extraction->addItem(tr("single-model (every model)"), kSingleModel);
        m_extraction->setCurrentIndex(m_extraction->findData(data.extraction));
    }
    m_extraction->setEnabled(m_extraction->count() > 1);
    const QString caption = sessionCaption(data);
    m_caption->setText(caption);
    m_caption->setToolTip(caption);
}

} // namespace interlens::ui
