// The builder's quick type check must never accept an event the model rejects (that would send
// an event RequestBuilder's contract says cannot be built), and must accept the ordinary ones
// (or it saves nothing). Checked against ServerEvent::fromJson() on the SDK parity inputs and on
// every one-member mutation of them.
#include "event/serverevent.h"
#include "event/typegate.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

#include <functional>

using namespace capiqa::event;
using namespace Qt::StringLiterals;

namespace {

QList<QJsonObject> sampleEvents()
{
    QFile file(QStringLiteral(CAPIQA_TEST_DATA "/sdk-events-inputs.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(file.fileName()));
    const QJsonObject inputs = QJsonDocument::fromJson(file.readAll()).object();
    QList<QJsonObject> events;
    for (auto it = inputs.constBegin(); it != inputs.constEnd(); ++it) {
        for (const QJsonValueConstRef e : it->toObject().value("data"_L1).toArray())
            events.append(e.toObject());
    }
    // The builder's output shape (arrays of hashes) and members the samples lack.
    events.append(QJsonObject{
        {u"event_name"_s, u"Purchase"_s},
        {u"event_time"_s, 1767225600},
        {u"opt_out"_s, false},
        {u"data_processing_options"_s, QJsonArray{u"LDU"_s}},
        {u"data_processing_options_country"_s, 1},
        {u"data_processing_options_state"_s, 1000},
        {u"messaging_channel"_s, u"whatsapp"_s},
        {u"referrer_url"_s, u"https://example.com/"_s},
        {u"original_event_data"_s, QJsonObject{{u"event_name"_s, u"Purchase"_s}, {u"event_time"_s, 1767225000}}},
        {u"user_data"_s, QJsonObject{{u"em"_s, QJsonArray{u"a"_s, u"b"_s}}, {u"ph"_s, u"c"_s},
                                     {u"lead_id"_s, 123456}, {u"fbp"_s, u"fb.1.1.1"_s}, {u"x_custom"_s, true}}},
        {u"custom_data"_s, QJsonObject{{u"value"_s, 9.99}, {u"num_items"_s, 2}, {u"predicted_ltv"_s, 10},
                                       {u"net_revenue"_s, 1.5}, {u"content_ids"_s, QJsonArray{u"a"_s}},
                                       {u"search_string"_s, u"s"_s}, {u"status"_s, u"ok"_s},
                                       {u"delivery_category"_s, u"home_delivery"_s},
                                       {u"contents"_s, QJsonArray{QJsonObject{{u"id"_s, u"p1"_s}, {u"quantity"_s, 1},
                                                                              {u"item_price"_s, 5.5},
                                                                              {u"title"_s, QJsonArray()}}}}}},
    });
    return events;
}

const QList<QJsonValue> &replacements()
{
    static const QList<QJsonValue> values{
        QJsonValue(),       true,          0,           1.5,         1e30,          u""_s,
        u"text"_s,          QJsonArray(),  QJsonArray{u"s"_s}, QJsonArray{1}, QJsonArray{QJsonValue()},
        QJsonArray{QJsonObject()}, QJsonObject(), QJsonObject{{u"id"_s, 1}},
    };
    return values;
}

/// Calls `visit` with every variant of `object` where one member (at any depth, array entries
/// included) is replaced by one of replacements(), or a new member is added.
void mutations(const QJsonValue &value, const std::function<void(const QJsonValue &)> &visit)
{
    for (const QJsonValue &r : replacements())
        visit(r);
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            const QString key = it.key();
            mutations(it.value(), [&](const QJsonValue &changed) {
                QJsonObject copy = o;
                copy.insert(key, changed);
                visit(copy);
            });
        }
        for (const char *key : {"event_time", "user_data", "custom_data", "contents", "quantity", "em", "lead_id",
                                "app_data", "value", "opt_out"}) {
            for (const QJsonValue &r : replacements()) {
                QJsonObject copy = o;
                copy.insert(QLatin1StringView(key), r);
                visit(copy);
            }
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            mutations(a.at(i), [&](const QJsonValue &changed) {
                QJsonArray copy = a;
                copy.replace(i, changed);
                visit(copy);
            });
        }
    }
}

} // namespace

class TestTypeGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptsOrdinaryEvents()
    {
        for (const QJsonObject &e : sampleEvents()) {
            QString error;
            const bool model = ServerEvent::fromJson(e, &error).has_value();
            if (e.contains("app_data"_L1))
                QVERIFY(!detail::readsAsServerEvent(e)); // left to the model by design
            else
                QCOMPARE(detail::readsAsServerEvent(e), model);
        }
    }

    void neverAcceptsWhatTheModelRejects()
    {
        int accepted = 0;
        int rejectedByModel = 0;
        int checked = 0;
        for (const QJsonObject &e : sampleEvents()) {
            mutations(e, [&](const QJsonValue &variant) {
                if (!variant.isObject())
                    return;
                const QJsonObject event = variant.toObject();
                const bool quick = detail::readsAsServerEvent(event);
                const bool model = ServerEvent::fromJson(event).has_value();
                ++checked;
                accepted += quick;
                rejectedByModel += !model;
                if (quick && !model) {
                    QString error;
                    ServerEvent::fromJson(event, &error);
                    QFAIL(qPrintable(u"quick check accepted what the model rejects (%1): %2"_s.arg(
                        error, QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)))));
                }
            });
        }
        // Both answers must really occur, or the test proves nothing.
        QVERIFY2(checked > 10000, qPrintable(QString::number(checked)));
        QVERIFY(accepted > checked / 4);
        QVERIFY(rejectedByModel > checked / 10);
    }
};

QTEST_GUILESS_MAIN(TestTypeGate)
#include "tst_typegate.moc"
