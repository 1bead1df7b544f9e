"""Compiled execution: a query runs from a cached plan instead of graphql-core's generic walk.

graphql-core re-derives per field and per list item what never changes for a known document:
the field definition, a ResolveInfo for every field (even a plain attribute), the argument
values, and a chain of generic completion steps that dispatch on the return type. The plan
(``plans.py``) holds all of that; this context walks it. Everything observable mirrors
graphql-core 3.3's ``Executor`` method by method (``execute_fields``, ``execute_field``,
``complete_value`` and its list, leaf, abstract and object branches): resolvers get the same
(source, info, **args), awaitables are gathered at the same places (so DataLoader batches
and the order of errors stay the same), errors go through graphql-core's own
``handle_field_error`` (located, null propagation). Tested answer for answer against
graphql-core in tests/fuzz/test_differential.py.

Operations the compiler does not cover take the plain-leaf fast path of ``execution.py``,
decided per document: mutations and subscriptions, resolver middleware (schema-extension
``resolve`` hooks), incremental delivery, introspection roots, fragment variables.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from types import CoroutineType, GeneratorType
from typing import Any, TypeGuard, cast

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    Undefined,
)
from graphql.execution.collect_fields import CollectedFields, collect_fields
from graphql.execution.executor import invalid_return_type_error
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path, gather_with_cancel, inspect, is_iterable

from shopdb_gql.graphql.execution import FastLeafExecutionContext
from shopdb_gql.graphql.plans import (
    ABSTRACT,
    LEAF,
    LIST,
    NON_NULL,
    OBJECT,
    PLANS,
    Completion,
    FieldPlan,
    SelectionPlan,
    class_decides,
    refusal,
    sub_plan,
)

Info = GraphQLResolveInfo | None
# Named tuples (a Path(prev, key, typename), a ResolveInfo) made without their Python-level
# __new__: the same object at half the cost, for every field that is not a plain leaf and
# every list item.
_new_tuple = tuple.__new__


#: The fields a ResolveInfo starts with, all fixed by the field but ``path``; the rest are
#: the same for every field of one execution.
_INFO_HEAD = ("field_name", "field_nodes", "return_type", "parent_type", "path")


class CompiledExecutionContext(FastLeafExecutionContext):
    """Runs queries from compiled plans; anything else as ``FastLeafExecutionContext``."""

    plans = PLANS
    _info_shape: tuple[type, tuple[Any, ...]] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = awaitable_by_class(self.is_awaitable)

    def build_resolve_info(self, field_def: GraphQLField, field_nodes: list[FieldNode],
                           parent_type: GraphQLObjectType, path: Path) -> GraphQLResolveInfo:
        """The ResolveInfo the base class builds (Strawberry's named tuple), made as a tuple
        of its field's values and this execution's: the named tuple's own constructor, a
        Python function of 16 arguments, cost about as much as a small resolver, and a page
        of 100 assets builds one for every field that is not a plain attribute."""
        shape = self._info_shape
        if shape is None:
            sample = super().build_resolve_info(field_def, field_nodes, parent_type, path)
            if getattr(sample, "_fields", ())[:5] == _INFO_HEAD:  # else always the base's way
                self._info_shape = (sample.__class__, tuple(sample[5:]))
            return sample
        return _new_tuple(shape[0], (field_nodes[0].name.value, field_nodes, field_def.type,
                                     parent_type, path, *shape[1]))

    def collect_root_fields(self, root_type: GraphQLObjectType) -> CollectedFields:
        """The operation's root fields as graphql-core's ``execute_operation`` groups them."""
        return collect_fields(self.schema, self.fragments, self.variable_values, root_type,
                              self.operation, self.hide_suggestions)

    def execute_operation(self, serially: bool | None = None) -> Any:
        """graphql-core's ``execute_operation`` from the plan, or graphql-core's itself."""
        plan = None if refusal(self, serially) else self.plans.plan(self)
        if plan is None:
            return super().execute_operation(serially)
        try:
            result = self.run_fields(plan, self.root_value, None)
            if self.is_awaitable(result):
                return self._await_operation(result)
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.finish(self.build_response(None))
        return self.finish(self.build_response(cast("dict[str, Any]", result)))

    async def _await_operation(self, result: Awaitable[dict[str, Any]]) -> Any:
        try:
            data = await result
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        except Exception:
            await self.cancel_incremental_work()
            self.run_async_work_finished_hook()
            raise
        return self.build_response(data)

    def run_fields(self, plan: SelectionPlan, source: Any,
                   path: Path | None) -> AwaitableOrValue[dict[str, Any]]:
        """graphql-core's ``execute_fields`` over a plan: its leading plain leaves in one
        call (``plan.head``), unless one of them is unusual, then the rest in this loop."""
        rows = plan.rows
        head = plan.head
        results = head(source) if head is not None else None
        if results is None:
            results = {}
        else:
            rows = plan.tail
            if not rows:
                return results
        awaitable_keys: list[str] = []
        type_name = plan.type_name
        is_awaitable = self.is_awaitable
        try:
            for key, attribute, coerce, non_null, field in rows:
                if coerce is not None:
                    try:
                        value = getattr(source, attribute)  # type: ignore[arg-type]
                        if value is None:
                            if not non_null:
                                results[key] = None
                                continue
                        else:
                            value = coerce(value)
                            if value is not None and value is not Undefined:
                                results[key] = value
                                continue
                    except Exception:  # the full path below reports it as graphql-core does
                        pass
                field_path = _new_tuple(Path, (path, key, type_name))
                of_object = field.of_object
                if of_object is None:
                    result = results[key] = self.run_field(field, source, field_path)
                else:  # run_field for a resolver of an object, its usual answer done here
                    try:
                        value = field.of_source(source)  # type: ignore[misc]
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, field.field_def.type, field.details,
                                                field_path)
                        results[key] = None
                        continue
                    plan_of = of_object.subs.get(of_object.gql_type)  # type: ignore[arg-type]
                    if (plan_of is not None and not plan_of.tail and value is not None
                            and not isinstance(value, Exception) and not is_awaitable(value)):
                        made = plan_of.head(value)  # type: ignore[misc]  # no tail: a head
                        if made is not None:
                            results[key] = made
                            continue
                    result = results[key] = self.complete_resolved(field, None, field_path,
                                                                   value)
                if result.__class__ is CoroutineType:  # run_field's only awaitables are its own
                    awaitable_keys.append(key)
        except Exception:
            if awaitable_keys:
                self.settle_in_background([results[key] for key in awaitable_keys])
            raise
        if not awaitable_keys:
            return results
        return self._gather_fields(results, awaitable_keys)

    @staticmethod
    async def _gather_fields(results: dict[str, Any], keys: list[str]) -> dict[str, Any]:
        if len(keys) == 1:
            results[keys[0]] = await results[keys[0]]
        else:
            results.update(zip(keys, await gather_with_cancel(*(results[k] for k in keys)),
                               strict=True))
        return results

    def run_field(self, field: FieldPlan, source: Any, path: Path) -> Any:
        """graphql-core's ``execute_field``: resolve (or read the attribute), then complete."""
        info: Info = None
        if field.needs_info:
            info = self.build_resolve_info(field.field_def, field.nodes, field.parent_type, path)
        try:
            if field.attribute is not None:
                result = getattr(source, field.attribute)
            elif field.constant is not None:
                result = field.constant
            elif field.of_source is not None:
                result = field.of_source(source)
            elif field.direct is not None:
                result = field.direct(source, info)  # type: ignore[arg-type]  # needs_info
            else:
                args = field.args
                if field.copy_args:
                    args = copy.deepcopy(args)
                elif args is None:
                    args = get_argument_values(field.field_def, field.nodes[0], self.variable_values,
                                               None, self.hide_suggestions)
                resolve = field.field_def.resolve or self.field_resolver
                result = resolve(source, info, **args)  # type: ignore[arg-type]
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.field_def.type, field.details, path)
            return None
        return self.complete_resolved(field, info, path, result)

    def complete_resolved(self, field: FieldPlan, info: Info, path: Path, result: Any) -> Any:
        """The rest of graphql-core's ``execute_field`` once the field is resolved."""
        try:
            if self.is_awaitable(result):
                return self._complete_awaitable(field, info, path, result)
            completed = self.complete(field, field.completion, info, path, result)
            if (completed.__class__ is CoroutineType if field.structured
                    else self.is_awaitable(completed)):
                return self._await_completed(field, field.completion, path, completed)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.field_def.type, field.details, path)
            return None
        return completed

    async def _complete_awaitable(self, field: FieldPlan, info: Info, path: Path,
                                  result: Any) -> Any:
        try:
            completed = self.complete(field, field.completion, info, path, await result)
            if self.is_awaitable(completed):
                completed = await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.field_def.type, field.details, path)
            return None
        return completed

    async def _await_completed(self, field: FieldPlan, completion: Completion, path: Path,
                               completed: Awaitable[Any]) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, completion.gql_type, field.details, path)
            return None

    def complete(self, field: FieldPlan, completion: Completion, info: Info, path: Path,
                 result: Any) -> Any:
        """graphql-core's ``complete_value``, dispatching on the compiled shape (a non-null
        wrapper handled in the same call as the type it wraps)."""
        if isinstance(result, Exception):
            raise result
        non_null = completion.kind == NON_NULL
        if non_null:
            completion = completion.inner  # type: ignore[assignment]
        if result is None or result is Undefined:
            if non_null:
                raise TypeError(_null_message(field))
            return None
        kind = completion.kind
        if kind == LEAF:
            coerced = completion.gql_type.coerce_output_value(result)  # type: ignore[union-attr]
            if coerced is Undefined or coerced is None:
                raise TypeError(f"Expected `{inspect(completion.gql_type)}.coerce_output_value("
                                f"{inspect(result)})` to return non-nullable value, returned:"
                                f" {inspect(coerced)}")
            return coerced
        if kind == OBJECT:
            object_type: GraphQLObjectType = completion.gql_type  # type: ignore[assignment]
            plan = completion.subs.get(object_type)
            if plan is None or object_type.is_type_of:
                completed = self.complete_object(field, completion, object_type, info, path,
                                                 result)
            else:  # complete_object without is_type_of, inlined: most objects take it
                completed = self.run_fields(plan, result, path)
        elif kind == LIST:
            completed = self.complete_list(field, completion, info, path, result)
        else:
            completed = self.complete_abstract(field, completion, info, path, result)
        if non_null and completed is None:  # pragma: no cover - objects and lists never are
            raise TypeError(_null_message(field))
        return completed

    def complete_list(self, field: FieldPlan, completion: Completion, info: Info, path: Path,
                      result: Any) -> Any:
        """graphql-core's ``complete_list_value`` and ``complete_iterable_value`` (no @stream)."""
        if result.__class__ is not list:  # a list is neither async nor refused: no ABC checks
            if self.is_async_iterable(result):  # graphql-core's own path for this value
                info = info or self.build_resolve_info(field.field_def, field.nodes,
                                                       field.parent_type, path)
                return self.complete_list_value(completion.gql_type, field.details,  # type: ignore[arg-type]
                                                info, path, result, None)
            if not is_iterable(result):
                raise GraphQLError("Expected Iterable, but did not find one for field"
                                   f" '{field.parent_type}.{field.nodes[0].name.value}'.")
        item_completion = completion.inner
        assert item_completion is not None
        is_awaitable = self.is_awaitable
        complete = self.complete
        structured = item_completion.structured
        # Items of an object type without is_type_of whose selection is plain leaves (an
        # asset's links) are made by the selection's head here, when it takes them; items
        # of an abstract type whose class decides their type (a page's assets) are completed
        # with the sub-plan found for their class.
        head = None
        classes = None
        object_of = item_completion.inner if item_completion.kind == NON_NULL else item_completion
        if object_of is not None and object_of.kind == OBJECT and not object_of.needs_info:
            plan = object_of.subs.get(object_of.gql_type)  # type: ignore[arg-type]
            if plan is not None and not plan.tail:
                head = plan.head
        elif object_of is not None and object_of.kind == ABSTRACT:
            classes = object_of.classes
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        iterator = iter(result)
        index = 0
        try:
            for item in iterator:
                if is_awaitable(item):
                    item_path = _new_tuple(Path, (path, index, None))
                    completed.append(self._complete_awaitable_item(
                        field, item_completion, info, item_path, item))
                    awaitable_indices.append(index)
                elif head is not None and item is not None and not isinstance(
                        item, Exception) and (made := head(item)) is not None:
                    completed.append(made)
                else:
                    item_path = _new_tuple(Path, (path, index, None))
                    try:
                        plan_of = classes.get(item.__class__) if classes else None
                        value: Any = (
                            self.run_fields(plan_of, item, item_path) if plan_of is not None
                            else complete(field, item_completion, info, item_path, item))
                        if (value.__class__ is CoroutineType if structured
                                else is_awaitable(value)):
                            value = self._await_completed(field, item_completion, item_path, value)
                            awaitable_indices.append(index)
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, item_completion.gql_type,
                                                field.details, item_path)
                        value = None
                    completed.append(value)
                index += 1
        except Exception:
            pending = [completed[i] for i in awaitable_indices]
            pending.extend(_remaining_awaitables(iterator, is_awaitable))
            if pending:
                self.settle_in_background(pending)
            raise
        if not awaitable_indices:
            return completed
        return self._gather_items(completed, awaitable_indices)

    @staticmethod
    async def _gather_items(completed: list[Any], indices: list[int]) -> list[Any]:
        if len(indices) == 1:
            completed[indices[0]] = await completed[indices[0]]
        else:
            for index, value in zip(indices, await gather_with_cancel(
                    *(completed[i] for i in indices)), strict=True):
                completed[index] = value
        return completed

    async def _complete_awaitable_item(self, field: FieldPlan, completion: Completion,
                                       info: Info, path: Path, item: Any) -> Any:
        try:
            completed = self.complete(field, completion, info, path, await item)
            if self.is_awaitable(completed):
                completed = await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, completion.gql_type, field.details, path)
            return None
        return completed

    def complete_abstract(self, field: FieldPlan, completion: Completion, info: Info,
                          path: Path, result: Any) -> Any:
        """graphql-core's ``complete_abstract_value``: resolve the runtime type, then complete
        with that type's (lazily compiled) sub-plan."""
        abstract = completion.gql_type
        resolve_type = abstract.resolve_type or self.type_resolver  # type: ignore[union-attr]
        runtime_type = resolve_type(result, info, abstract)  # type: ignore[arg-type]
        if self.is_awaitable(runtime_type):
            return self._complete_abstract_later(field, completion, info, path, result,
                                                 runtime_type)
        object_type = (completion.runtime_types.get(runtime_type)
                       if runtime_type.__class__ is str else None)
        if object_type is None:
            object_type = self.ensure_valid_runtime_type(runtime_type, abstract,  # type: ignore[arg-type]
                                                         field.details, info, result)  # type: ignore[arg-type]
            if runtime_type.__class__ is str:  # a name's check depends on the schema only
                completion.runtime_types[runtime_type] = object_type
        cls = result.__class__
        if runtime_type.__class__ is str and class_decides(resolve_type, cls) \
                and class_decides(object_type.is_type_of, cls):
            # Every object of this class completes alike: remembered for list items.
            if object_type.is_type_of and not object_type.is_type_of(result, info):  # type: ignore[arg-type]
                raise invalid_return_type_error(object_type, result, field.details)
            plan = completion.subs.get(object_type) or sub_plan(self, field, completion,
                                                                 object_type)
            completion.classes[cls] = plan
            return self.run_fields(plan, result, path)
        return self.complete_object(field, completion, object_type, info, path, result)

    async def _complete_abstract_later(self, field: FieldPlan, completion: Completion,
                                       info: Info, path: Path, result: Any,
                                       runtime_type: Awaitable[Any]) -> Any:
        object_type = self.ensure_valid_runtime_type(await runtime_type,
                                                     completion.gql_type,  # type: ignore[arg-type]
                                                     field.details, info, result)  # type: ignore[arg-type]
        value = self.complete_object(field, completion, object_type, info, path, result)
        return await value if self.is_awaitable(value) else value

    def complete_object(self, field: FieldPlan, completion: Completion,
                        object_type: GraphQLObjectType, info: Info, path: Path,
                        result: Any) -> Any:
        """graphql-core's ``complete_object_value`` with the sub-plan for ``object_type``."""
        if object_type.is_type_of:
            is_type_of = object_type.is_type_of(result, info)  # type: ignore[arg-type]
            if self.is_awaitable(is_type_of):
                return self._complete_object_later(field, completion, object_type, path, result,
                                                   is_type_of)
            if not is_type_of:
                raise invalid_return_type_error(object_type, result, field.details)
        plan = completion.subs.get(object_type) or sub_plan(self, field, completion, object_type)
        return self.run_fields(plan, result, path)

    async def _complete_object_later(self, field: FieldPlan, completion: Completion,
                                     object_type: GraphQLObjectType, path: Path, result: Any,
                                     is_type_of: Awaitable[Any]) -> Any:
        if not await is_type_of:
            raise invalid_return_type_error(object_type, result, field.details)
        value = self.run_fields(sub_plan(self, field, completion, object_type), result, path)
        return await value if self.is_awaitable(value) else value


def awaitable_by_class(is_awaitable: Callable[[Any], TypeGuard[Awaitable[Any]]]
                       ) -> Callable[[Any], TypeGuard[Awaitable[Any]]]:
    """``is_awaitable``, remembering for one execution the classes whose instances it found
    not awaitable, when their class alone decides it (:func:`_class_fixes_awaitability`).
    Every item of a page asks it of its objects (an asset, its status, location, position,
    links): for objects it takes two ``isinstance`` and a failing ``hasattr``; a class
    seen before takes a dict lookup. Other values are asked as before."""
    never: dict[type, bool] = {}  # class -> its instances are never awaitable

    def check(value: Any) -> TypeGuard[Awaitable[Any]]:
        cls = type(value)
        known = never.get(cls)
        if known:
            return False
        if is_awaitable(value):
            never[cls] = False
            return True
        if known is None:
            never[cls] = _class_fixes_awaitability(cls)
        return False

    # Resolvers see it in their ResolveInfo: named as the predicate it wraps.
    check.__name__, check.__qualname__ = is_awaitable.__name__, is_awaitable.__qualname__
    return check


def _class_fixes_awaitability(cls: type) -> bool:
    """Whether no instance of ``cls`` can answer the awaitable checks otherwise than another:
    not a generator or coroutine (whose flag is per object), and no ``__getattr__``,
    ``__getattribute__``, ``__class__`` or ``__await__`` of its own anywhere in its
    classes. (An instance attribute named ``__await__`` would make graphql-core's
    ``hasattr`` test true, though ``await`` would refuse the object: Python looks
    ``__await__`` up on the type.)"""
    if issubclass(cls, GeneratorType | CoroutineType):
        return False
    return not any(name in vars(base) for base in cls.__mro__[:-1]
                   for name in ("__getattr__", "__getattribute__", "__class__", "__await__"))


def _null_message(field: FieldPlan) -> str:
    return f"Cannot return null for non-nullable field {field.parent_type}.{field.nodes[0].name.value}."


def _remaining_awaitables(iterator: Any, is_awaitable: Any) -> list[Any]:
    try:
        return [item for item in iterator if is_awaitable(item)]
    except Exception:
        return []
