// The validator's findings must not change when its implementation does (it got faster without
// building a path or a string for every value it looks at). Each fixture of tests/data/validate
// and 200 seeded random mutations of it (values replaced by other types, near-miss texts,
// hashes, IPs, cookies; keys removed, added, renamed; events duplicated) are validated, and
// every case's findings (rule, path, message, fix, severity, in order) are compared with a digest
// recorded from the validator before the change (tests/data/validate/golden-findings.txt).
// CAPIQA_WRITE_GOLDEN=FILE writes that file instead of comparing.
#include "validate/validator.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

#include "../../bench/benchrng.h"

using namespace capiqa::validate;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Now = 1767229200; // the fixtures' reference time (tests/data/validate/README.md)
constexpr int MutationsPerFixture = 200;

using Rng = capiqa::bench::Rng; // splitmix64: the same cases on every machine

QJsonValue replacement(Rng &rng, const QJsonValue &old)
{
    static const QString Hash = u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s;
    const QJsonValue pool[] = {
        QJsonValue(), QJsonValue(true), QJsonValue(0), QJsonValue(1767225600), QJsonValue(1767225600123.0),
        QJsonValue(1767225600.5), QJsonValue(-5), QJsonValue(1767229300), QJsonValue(1766000000), QJsonValue(42.5),
        u""_s, u"   "_s, u"text"_s, Hash, Hash.toUpper(), QString(u' ' + Hash + u' '), Hash.left(40), Hash.left(32),
        QString(Hash + u".AQYBAQIA"_s), u"john@example.com"_s, u"+1 650 555 1212"_s, u"203.0.113.7"_s, u"10.0.0.1"_s,
        u"2001:db8::1"_s, u"203.0.113.7:443"_s, u"1.2.3"_s, u"203.0.113.7, 10.0.0.1"_s, u"::ffff:192.168.1.1"_s,
        u"fb.1.1767225600000.123"_s, u"fb.1.1767225600.123"_s, u"fb.1.1767225600000.undefined"_s,
        u"fb.2.abc.1"_s, u"IwAR2F4dbP0l7Mn1"_s, u"https://shop.example.com/x?y=1"_s, u"not a url"_s,
        u"ftp://example.com/"_s, u"USD"_s, u"usd"_s, u"XYZ"_s, u"HRK"_s, u"Purchase"_s, u"purchase"_s,
        u"Add To Cart"_s, u"signup_started"_s, u"website"_s, u"Website"_s, u"app"_s, u"physical_store"_s,
        u" order-1 "_s, u"a2"_s, u"i2"_s, u"12"_s, u"9.99"_s, u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="_s,
        QJsonArray(), QJsonObject(), QJsonArray{u"SKU-1"_s}, QJsonArray{QJsonValue()}, QJsonArray{1, 2},
        QJsonObject{{u"id"_s, u"SKU-2"_s}, {u"quantity"_s, u"2"_s}}, QJsonArray{Hash, u"jane@example.com"_s},
    };
    const int pick = rng.below(int(std::size(pool)) + 2);
    if (pick == int(std::size(pool)) && old.isString())
        return old.toString().toUpper();
    if (pick == int(std::size(pool)) + 1 && old.isString())
        return QString(old.toString() + u' ');
    return pool[std::min<int>(pick, int(std::size(pool)) - 1)];
}

const QString AddedKeys[] = {
    u"email"_s, u"foo"_s, u"value"_s, u"currency"_s, u"event_id"_s, u"app_data"_s, u"contents"_s,
    u"content_ids"_s, u"num_items"_s, u"test_event_code"_s, u"access_token"_s, u"user_data"_s,
    u"custom_data"_s, u"fbc"_s, u"client_ip_address"_s, u"external_id"_s, u"predicted_ltv"_s, u"ph"_s,
};

QJsonValue mutated(const QJsonValue &v, Rng &rng, bool root)
{
    const bool descend = root || rng.below(4) != 0;
    if (descend && v.isObject()) {
        QJsonObject o = v.toObject();
        const QStringList keys = o.keys();
        const int op = rng.below(10);
        if (keys.isEmpty() || op == 0) {
            o.insert(AddedKeys[rng.below(int(std::size(AddedKeys)))], replacement(rng, QJsonValue()));
        } else if (op == 1) {
            o.remove(keys.at(rng.below(int(keys.size()))));
        } else {
            const QString key = keys.at(rng.below(int(keys.size())));
            o.insert(key, mutated(o.value(key), rng, false));
        }
        return o;
    }
    if (descend && v.isArray() && !v.toArray().isEmpty()) {
        QJsonArray a = v.toArray();
        const int i = rng.below(int(a.size()));
        const int op = rng.below(10);
        if (op == 0)
            a.removeAt(i);
        else if (op == 1)
            a.append(a.at(i)); // e.g. a duplicate event
        else
            a.replace(i, mutated(a.at(i), rng, false));
        return a;
    }
    return replacement(rng, v);
}

quint64 fnv1a64(const QByteArray &bytes)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// "<case> <findings> <digest>" for every case, in a fixed order.
QStringList caseLines()
{
    const QString fixtures[] = {u"website-purchase-clean.json"_s, u"raw-pii-milliseconds.json"_s,
                                u"app-purchase.json"_s, u"sdk-style-batch.json"_s};
    QStringList lines;
    ValidationOptions options;
    options.now = Now;
    quint64 seed = 20260101;
    for (const QString &name : fixtures) {
        QFile file(QStringLiteral(CAPIQA_TEST_DATA) + u"/validate/"_s + name);
        if (!file.open(QIODevice::ReadOnly))
            return {u"cannot read "_s + file.fileName()};
        const QJsonObject base = QJsonDocument::fromJson(file.readAll()).object();
        for (int n = 0; n <= MutationsPerFixture; ++n) {
            QJsonObject request = base;
            Rng rng(seed++);
            for (int m = n == 0 ? 0 : 1 + rng.below(3); m > 0; --m)
                request = mutated(request, rng, true).toObject();
            const QList<Finding> findings = Validator().validate(request, options);
            const QByteArray json = QJsonDocument(toJson(findings)).toJson(QJsonDocument::Compact);
            lines << u"%1#%2 %3 %4"_s.arg(name).arg(n).arg(findings.size()).arg(
                QString::number(fnv1a64(json), 16).rightJustified(16, u'0'));
        }
    }
    return lines;
}

} // namespace

class TestValidatorGolden final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findingsUnchanged()
    {
        const QStringList lines = caseLines();
        if (const QByteArray out = qgetenv("CAPIQA_WRITE_GOLDEN"); !out.isEmpty()) {
            QFile file(QString::fromLocal8Bit(out));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(lines.join(u'\n').toUtf8() + '\n');
            return;
        }
        QFile file(QStringLiteral(CAPIQA_TEST_DATA "/validate/golden-findings.txt"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QStringList golden = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), golden.size());
        qsizetype withFindings = 0;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QCOMPARE(lines.at(i), golden.at(i));
            withFindings += !lines.at(i).contains(u" 0 "_s);
        }
        // The mutations must reach the rules, or the comparison proves little.
        QVERIFY2(withFindings > lines.size() * 3 / 4, qPrintable(QString::number(withFindings)));
    }
};

QTEST_GUILESS_MAIN(TestValidatorGolden)
#include "tst_validatorgolden.moc"
