#include "mainwindow.h"

#include <QtGui/QIcon>
#include <QtWidgets/QApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("capiqa"));
    QApplication::setApplicationDisplayName(QStringLiteral("CAPI QA Console"));
    QApplication::setOrganizationName(QStringLiteral("capiqa"));
    QApplication::setApplicationVersion(QStringLiteral(CAPIQA_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/capiqa/icons/capiqa.svg")));
    if (QApplication::arguments().contains(QStringLiteral("--version"))) {
        std::printf("capiqa %s\n", CAPIQA_VERSION);
        return 0;
    }
    capiqa::gui::MainWindow window;
    window.show();
    return QApplication::exec();
}
