import { onBeforeUnmount, reactive, ref } from 'vue'
import type { Ref } from 'vue'
import type { Bounds, Point } from './mapLayout'

export interface View {
  x: number
  y: number
  w: number
  h: number
}

const MIN_SPAN = 1e-3

/** Keep receiving a pointer's moves outside the element (refused for a pointer already gone). */
export function capture(event: PointerEvent): void {
  try {
    ;(event.currentTarget as Element | null)?.setPointerCapture?.(event.pointerId)
  } catch {
    // The pointer was released before we asked: nothing to capture.
  }
}

/**
 * Pan and zoom of an SVG map by its viewBox: mouse wheel, drag, two-finger pinch and buttons.
 * Pointer events only, so a mouse, a pen and a tablet's fingers behave alike.
 */
export function useMapView(svg: Ref<SVGSVGElement | null>) {
  const view = reactive<View>({ x: 0, y: 0, w: 100, h: 100 })
  const home = ref<Bounds>({ minX: 0, minY: 0, width: 100, height: 100 })
  const pointers = new Map<number, Point>()
  let pinch: { distance: number; view: View; center: Point } | null = null

  /** Map units per screen pixel (the viewBox is fitted with "meet": the larger ratio wins). */
  function unitsPerPixel(): number {
    const box = svg.value?.getBoundingClientRect()
    if (!box || box.width === 0 || box.height === 0) return view.w / 800
    return Math.max(view.w / box.width, view.h / box.height)
  }

  /** The map point under a screen point. */
  function toMap(clientX: number, clientY: number): Point {
    const el = svg.value
    const matrix = el?.getScreenCTM?.()
    if (!el || !matrix) return { x: view.x + view.w / 2, y: view.y + view.h / 2 }
    const p = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse())
    return { x: p.x, y: p.y }
  }

  function fit(bounds: Bounds) {
    home.value = bounds
    Object.assign(view, { x: bounds.minX, y: bounds.minY, w: bounds.width, h: bounds.height })
  }

  /** Zoom by `factor` (>1 in) keeping `anchor` (map units) where it is on screen. */
  function zoom(factor: number, anchor: Point = { x: view.x + view.w / 2, y: view.y + view.h / 2 }) {
    const maxSpan = Math.max(home.value.width, home.value.height) * 4
    const w = Math.min(Math.max(view.w / factor, MIN_SPAN), maxSpan)
    const ratio = w / view.w
    const h = view.h * ratio
    Object.assign(view, { x: anchor.x - (anchor.x - view.x) * ratio, y: anchor.y - (anchor.y - view.y) * ratio, w, h })
  }

  /** Centre on `point` showing about `span` map units across. */
  function focus(point: Point, span: number) {
    const ratio = view.h / view.w
    Object.assign(view, { x: point.x - span / 2, y: point.y - (span * ratio) / 2, w: span, h: span * ratio })
  }

  function onWheel(event: WheelEvent) {
    event.preventDefault()
    zoom(event.deltaY < 0 ? 1.25 : 0.8, toMap(event.clientX, event.clientY))
  }

  function onPointerDown(event: PointerEvent) {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY })
    capture(event)
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()] as [Point, Point]
      pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y), view: { ...view }, center: toMap((a.x + b.x) / 2, (a.y + b.y) / 2) }
    }
  }

  function onPointerMove(event: PointerEvent) {
    const last = pointers.get(event.pointerId)
    if (!last) return
    const now = { x: event.clientX, y: event.clientY }
    pointers.set(event.pointerId, now)
    if (pointers.size === 1) {
      const scale = unitsPerPixel()
      view.x -= (now.x - last.x) * scale
      view.y -= (now.y - last.y) * scale
    } else if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()] as [Point, Point]
      const factor = Math.hypot(a.x - b.x, a.y - b.y) / Math.max(pinch.distance, 1)
      Object.assign(view, pinch.view)
      zoom(factor, pinch.center)
    }
  }

  function onPointerUp(event: PointerEvent) {
    pointers.delete(event.pointerId)
    if (pointers.size < 2) pinch = null
  }

  onBeforeUnmount(() => pointers.clear())

  return {
    view, unitsPerPixel, toMap, fit, zoom, focus,
    reset: () => fit(home.value),
    handlers: { wheel: onWheel, pointerdown: onPointerDown, pointermove: onPointerMove, pointerup: onPointerUp, pointercancel: onPointerUp },
  }
}
