#pragma once
// A write transaction that rolls back unless commit() is reached, so that an exception
// anywhere inside leaves the store as it was.
//
// The outermost level is BEGIN IMMEDIATE: it takes the write lock up front. A deferred
// transaction that reads first and writes later can fail with SQLITE_BUSY at the write,
// with no retry, when another process wrote in between; taking the lock first lets the
// busy time-out do its job. Nested levels are savepoints, so store functions that use a
// transaction can be called inside a larger one and commit with it.
#include <string>

namespace lw::store {

class Connection;

class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction(); // rolls back unless committed; never throws
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Connection& m_connection;
    std::string m_savepoint; // empty for the outermost level
    bool m_done = false;
};

} // namespace lw::store
