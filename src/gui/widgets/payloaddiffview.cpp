#include "payloaddiffview.h"

#include "models/verdictdisplaymodel.h"

#include <QtCore/QEvent>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QHeaderView>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using dedup::FieldComparison;

namespace {

constexpr int KindRole = Qt::UserRole + 1;

} // namespace

PayloadDiffView::PayloadDiffView(QWidget *parent)
    : QTreeWidget(parent)
{
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setWordWrap(false);
    setTextElideMode(Qt::ElideMiddle);
    clearComparison();
    // The field names take what they need; the two payloads share the rest.
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(1, QHeaderView::Stretch);
    header()->setSectionResizeMode(2, QHeaderView::Stretch);
}

void PayloadDiffView::clearComparison()
{
    clear();
    setColumnCount(3);
    setHeaderLabels({u"Field"_s, u"Browser"_s, u"Server"_s});
}

void PayloadDiffView::showComparison(const QList<FieldComparison> &rows, const QString &leftTitle, const QString &rightTitle)
{
    clear();
    setColumnCount(3);
    setColumnHidden(2, false);
    setHeaderLabels({u"Field"_s, leftTitle, rightTitle});
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const FieldComparison &c : rows) {
        const bool onlyLeft = c.kind == FieldComparison::Kind::OnlyLeft;
        const bool onlyRight = c.kind == FieldComparison::Kind::OnlyRight;
        auto *item = new QTreeWidgetItem(this, {c.key, onlyRight ? u"—"_s : c.left, onlyLeft ? u"—"_s : c.right});
        item->setData(0, KindRole, int(c.kind));
        item->setFont(1, mono);
        item->setFont(2, mono);
        item->setToolTip(1, c.left);
        item->setToolTip(2, c.right);
    }
    restyle();
}

void PayloadDiffView::showSingle(const QList<dedup::PayloadField> &fields, const QString &title)
{
    QList<FieldComparison> rows;
    for (const dedup::PayloadField &f : fields)
        rows << FieldComparison{f.key, f.value, {}, FieldComparison::Kind::Same};
    showComparison(rows, title, QString());
    setColumnHidden(2, true);
}

QStringList PayloadDiffView::differingFields() const
{
    QStringList out;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        if (topLevelItem(i)->data(0, KindRole).toInt() == int(FieldComparison::Kind::Differs))
            out << topLevelItem(i)->text(0);
    }
    return out;
}

void PayloadDiffView::changeEvent(QEvent *event)
{
    QTreeWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void PayloadDiffView::restyle()
{
    const QPalette &pal = palette();
    const QColor wash = severityWash(Severity::Bad, pal, 0.22);
    const QColor dim = pal.color(QPalette::PlaceholderText);
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = topLevelItem(i);
        const auto kind = FieldComparison::Kind(item->data(0, KindRole).toInt());
        for (int col = 0; col < 3; ++col) {
            item->setBackground(col, kind == FieldComparison::Kind::Differs ? QBrush(wash) : QBrush());
            item->setForeground(col, kind == FieldComparison::Kind::OnlyLeft || kind == FieldComparison::Kind::OnlyRight ? QBrush(dim)
                                                                                                                      : QBrush());
        }
        QFont f = item->font(0);
        f.setBold(kind == FieldComparison::Kind::Differs);
        item->setFont(0, f);
        if (kind == FieldComparison::Kind::Differs)
            item->setToolTip(0, u"The two sides differ here"_s);
    }
}

} // namespace capiqa::gui
