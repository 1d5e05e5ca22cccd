#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

namespace capiqa::event {

/// app_data of an `app` event: the two tracking flags and extinfo, the 16 device facts whose
/// first entry is "a2" (Android) or "i2" (iOS).
struct AppData {
    /// Meta documents extinfo as an array of 16 strings; the Node SDK sends an object keyed
    /// "0"…"15" with some entries as numbers. Both shapes and the entry types are kept.
    struct Extinfo {
        static constexpr qsizetype Size = 16;
        QList<QJsonValue> entries; ///< strings or numbers, in index order
        bool keyedObject = false;  ///< the JSON was {"0": …, "1": …} rather than an array

        /// Entry `index` as text ("" when missing).
        QString text(qsizetype index) const;
        friend bool operator==(const Extinfo &, const Extinfo &) = default;
    };

    std::optional<bool> advertiserTrackingEnabled;
    std::optional<bool> applicationTrackingEnabled;
    std::optional<Extinfo> extinfo;
    QJsonObject extra;

    /// What is wrong with extinfo for Meta ("has 15 entries, Meta expects 16", "entry 0 must be
    /// a2 or i2"); empty when it looks right. The model itself accepts any length so that a
    /// faulty capture can still be loaded and shown.
    QString extinfoProblem() const;

    static std::optional<AppData> fromJson(const QJsonObject &json, QString *error = nullptr,
                                           QStringView path = u"app_data");
    QJsonObject toJson() const;

    friend bool operator==(const AppData &, const AppData &) = default;
};

} // namespace capiqa::event
