// The capture readers' string pool: interned names, and event ids whose text shares blocks,
// which must behave as any QString (equal, terminated, copied when changed, alive after the pool
// and after every other string of their block is gone, released from any thread).
#include "capture/readcontext.h"

#include <QtCore/QHash>
#include <QtTest/QTest>

#include <string>
#include <thread>

using namespace Qt::StringLiterals;
using capiqa::capture::detail::StringPool;

namespace {

// Printable ASCII of a length that varies from 1 to 300, so the ids cross block boundaries.
std::string idText(int i)
{
    std::string s = "id_" + std::to_string(i) + "_";
    s.resize(size_t(1 + (i * 37) % 300), char('a' + i % 26));
    return s;
}

} // namespace

class TestStringPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sharedTextIsAPlainString()
    {
        std::vector<QString> ids;
        {
            StringPool pool;
            for (int i = 0; i < 60000; ++i) // about 9 million characters: several blocks
                ids.push_back(pool.ascii(idText(i)));
            QVERIFY(pool.ascii({}).isNull());
        } // the pool goes first: the strings keep their blocks
        for (int i = 0; i < int(ids.size()); ++i) {
            const std::string text = idText(i);
            const QString expected = QString::fromLatin1(text.data(), qsizetype(text.size()));
            QCOMPARE(ids[size_t(i)], expected);
            QCOMPARE(qHash(ids[size_t(i)]), qHash(expected));
            QCOMPARE(ids[size_t(i)].utf16()[ids[size_t(i)].size()], u'\0');
        }
    }

    void changingOneLeavesTheOthers()
    {
        StringPool pool;
        const QString a = pool.ascii("first");
        QString b = pool.ascii("second");
        const QString c = pool.ascii("third");
        b.append(u"-more"_s);
        b[0] = u'S';
        QCOMPARE(a, u"first"_s);
        QCOMPARE(b, u"Second-more"_s);
        QCOMPARE(c, u"third"_s);
        QString d = c;
        d.replace(u"ir"_s, u"IR"_s);
        QCOMPARE(c, u"third"_s);
        QCOMPARE(d, u"thIRd"_s);
    }

    // The last string of a block may be changed in place: nothing else reads that block.
    void lastStringOfABlock()
    {
        QString survivor;
        {
            StringPool pool;
            std::vector<QString> others;
            for (int i = 0; i < 100; ++i)
                others.push_back(pool.ascii(idText(i)));
            survivor = pool.ascii("survivor");
            for (int i = 0; i < 100; ++i)
                others.push_back(pool.ascii(idText(i)));
        }
        survivor.append(QString(5000, u'x'));
        survivor.prepend(u"the "_s);
        QCOMPARE(survivor.size(), 12 + 5000);
        QVERIFY(survivor.startsWith(u"the survivor"_s));
        QCOMPARE(survivor.count(u'x'), 5000);
    }

    void longTextGetsItsOwnString()
    {
        StringPool pool;
        const std::string text(100000, 'q');
        const QString s = pool.ascii(text);
        QCOMPARE(s.size(), 100000);
        QCOMPARE(s, QString(100000, u'q'));
    }

    void releasedOnAnotherThread()
    {
        std::vector<QString> ids;
        {
            StringPool pool;
            for (int i = 0; i < 20000; ++i)
                ids.push_back(pool.ascii(idText(i)));
        }
        std::vector<QString> half(ids.begin(), ids.begin() + 10000);
        std::thread other([moved = std::move(half)]() mutable { moved.clear(); });
        ids.erase(ids.begin(), ids.begin() + 10000);
        other.join();
        QCOMPARE(ids.front(), QString::fromLatin1(idText(10000).data(), qsizetype(idText(10000).size())));
    }

    void internedNamesAreShared()
    {
        StringPool pool;
        const QString a = pool.intern(std::string_view("Purchase"));
        const QString b = pool.intern(std::string_view("Purchase"));
        QCOMPARE(a, u"Purchase"_s);
        QCOMPARE(a.constData(), b.constData());
    }
};

QTEST_GUILESS_MAIN(TestStringPool)
#include "tst_stringpool.moc"
