# Installed by the tests' MotoServer as moto_server's sitecustomize. moto 5.2's TransactWriteItems deep-copies every
# table it touches once per action, to restore whole tables when the transaction is cancelled, and moto's instance
# registry (kept for its dashboard) keeps every copied table and item for good: a transactional write into a table of
# n items costs O(n) time and memory that is never given back. This changes how it rolls back, not what any call
# answers:
# 1. a transaction remembers each item it is about to write and, when it is cancelled, puts back exactly those
#    items, instead of copying and restoring whole tables (which would also undo other clients' writes made meanwhile);
# 2. transactions run one at a time (on DynamoDB they are serializable);
# 3. DynamoDB tables and items stay out of the instance registry.
# With another moto layout it changes nothing and says so in moto_server's log.
try:
    import copy as _copy
    import threading as _threading

    import moto.dynamodb.models as _models
    from moto.dynamodb.models.dynamo_type import DynamoType as _DynamoType
    from moto.dynamodb.models.dynamo_type import Item as _Item
    from moto.dynamodb.models.table import Table as _Table

    for _model in (_Item, _Table):
        _model.__new__ = staticmethod(lambda cls, *args, **kwargs: object.__new__(cls))

    _Backend = _models.DynamoDBBackend
    _transaction = _threading.local()
    _one_at_a_time = _threading.Lock()

    class _TablesAreNotCopiedInATransaction:
        """Stands for the module 'copy' in moto.dynamodb.models: the snapshot of a table is the table itself."""

        def __getattr__(self, name):
            return getattr(_copy, name)

        @staticmethod
        def deepcopy(x, memo=None):
            if getattr(_transaction, "undo", None) is not None and isinstance(x, _Table):
                return x
            return _copy.deepcopy(x, memo)

    def _remember(backend, table_name, attributes):
        table = backend.get_table(table_name)
        hash_value = _DynamoType(attributes[table.hash_key_attr])
        range_value = _DynamoType(attributes[table.range_key_attr]) if table.range_key_attr else None
        before = table.get_item(hash_value, range_value)
        _transaction.undo.append((table, hash_value, range_value,
                                  None if before is None else _copy.deepcopy(before)))

    def _put_back(undo):
        for table, hash_value, range_value, before in reversed(undo):
            if before is None:
                table.delete_item(hash_value, range_value)
            elif range_value is None:
                table.items[hash_value] = before
            else:
                table.items[hash_value][range_value] = before

    def _remembering(write):
        def remembered(self, *args, **kwargs):
            if getattr(_transaction, "undo", None) is not None:
                _remember(self, args[0], args[1])  # moto's transaction passes the table name and item or key first
            return write(self, *args, **kwargs)
        return remembered

    for _name in ("put_item", "update_item", "delete_item"):
        setattr(_Backend, _name, _remembering(getattr(_Backend, _name)))

    _transact_write_items = _Backend.transact_write_items

    def _transact_one_at_a_time(self, *args, **kwargs):
        with _one_at_a_time:
            _transaction.undo = []
            try:
                return _transact_write_items(self, *args, **kwargs)
            except BaseException:
                _put_back(_transaction.undo)
                raise
            finally:
                _transaction.undo = None

    _models.copy = _TablesAreNotCopiedInATransaction()
    _Backend.transact_write_items = _transact_one_at_a_time
except Exception as _unpatched:  # another moto layout: moto runs as shipped, and its log says why
    import sys as _sys
    _sys.stderr.write("moto-sitecustomize: transactions left as moto ships them: %r\n" % (_unpatched,))
