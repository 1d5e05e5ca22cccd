#include "mainwindow.h"

#include <QtTest/QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsTitle()
    {
        capiqa::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("CAPI QA Console"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
