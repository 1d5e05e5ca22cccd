#pragma once

#include <QtWidgets/QListWidget>

namespace capiqa::gui {

/// A list of input files that takes local files dropped on it (and says so while empty).
/// Duplicates are ignored; Delete removes the selected files.
class FileDropList final : public QListWidget
{
    Q_OBJECT

public:
    explicit FileDropList(QWidget *parent = nullptr);

    void setPlaceholderText(const QString &text);
    QStringList files() const;
    /// Adds the files not listed yet; returns how many were added.
    int addFiles(const QStringList &paths);
    void removeSelected();
    void clearFiles();

Q_SIGNALS:
    void filesChanged();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};

} // namespace capiqa::gui
