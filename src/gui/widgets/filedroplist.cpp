#include "filedroplist.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QStyle>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

namespace {

QStringList localFiles(const QMimeData *mime)
{
    QStringList out;
    if (!mime)
        return out;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            out << url.toLocalFile();
    }
    return out;
}

} // namespace

FileDropList::FileDropList(QWidget *parent)
    : QListWidget(parent)
{
    setDragDropMode(QAbstractItemView::DropOnly);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setTextElideMode(Qt::ElideMiddle);
    setUniformItemSizes(true);
}

void FileDropList::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

QStringList FileDropList::files() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i)
        out << item(i)->data(Qt::UserRole).toString();
    return out;
}

int FileDropList::addFiles(const QStringList &paths)
{
    int added = 0;
    for (const QString &path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (files().contains(absolute))
            continue;
        const QFileInfo info(absolute);
        auto *it = new QListWidgetItem(style()->standardIcon(QStyle::SP_FileIcon), info.fileName(), this);
        it->setData(Qt::UserRole, absolute);
        it->setToolTip(u"%1\n%2 KB"_s.arg(QDir::toNativeSeparators(absolute)).arg((info.size() + 1023) / 1024));
        ++added;
    }
    if (added)
        Q_EMIT filesChanged();
    return added;
}

void FileDropList::removeSelected()
{
    const QList<QListWidgetItem *> items = selectedItems();
    if (items.isEmpty())
        return;
    qDeleteAll(items);
    Q_EMIT filesChanged();
}

void FileDropList::clearFiles()
{
    if (count() == 0)
        return;
    clear();
    Q_EMIT filesChanged();
}

void FileDropList::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void FileDropList::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void FileDropList::dropEvent(QDropEvent *event)
{
    const QStringList paths = localFiles(event->mimeData());
    if (paths.isEmpty())
        return;
    addFiles(paths);
    event->acceptProposedAction();
}

void FileDropList::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
        removeSelected();
        return;
    }
    QListWidget::keyPressEvent(event);
}

void FileDropList::paintEvent(QPaintEvent *event)
{
    QListWidget::paintEvent(event);
    if (count() > 0 || m_placeholder.isEmpty())
        return;
    QPainter p(viewport());
    p.setPen(palette().color(QPalette::PlaceholderText));
    const QRect r = viewport()->rect().adjusted(8, 8, -8, -8);
    p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
}

} // namespace capiqa::gui
