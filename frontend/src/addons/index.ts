import type { Component } from 'vue'
import type { LocationQuery } from 'vue-router'
import UsbLoanCard from './usb/UsbLoanCard.vue'
import PrinterSuppliesCard from './printers/PrinterSuppliesCard.vue'
import ControllingAssetsCard from './equipment/ControllingAssetsCard.vue'
import CalibrationCard from './measuringtools/CalibrationCard.vue'
import CalibrationsDuePage from './measuringtools/CalibrationsDuePage.vue'

/**
 * Richer views for bundled kinds, keyed by GraphQL type name. They are optional: a kind
 * without one keeps the generic views, and each view checks the live schema for what it
 * reads (useSchemaSupport) before sending anything, so a disabled plugin breaks nothing.
 */

/** A card on an asset's detail page (props: `assetId`) and the kind fields it shows in full. */
export interface DetailAddon {
  component: Component
  /** Left out of the generic kind-fields card, which can only show them flattened. */
  covers: string[]
}

const DETAIL: Record<string, DetailAddon[]> = {
  UsbDevice: [{ component: UsbLoanCard, covers: ['currentCheckout', 'currentHolder', 'checkouts'] }],
  Printer: [{ component: PrinterSuppliesCard, covers: ['supplies'] }],
  Equipment: [{ component: ControllingAssetsCard, covers: ['controllingAssets'] }],
  MeasuringTool: [{
    component: CalibrationCard,
    covers: ['calibrations', 'lastCalibratedAt', 'nextCalibrationDue', 'calibrationOverdue', 'calibrationIntervalDays'],
  }],
}

/** The detail cards for an asset's __typename (none for kinds without one, or GenericAsset). */
export function detailAddons(typeName: string | null | undefined): DetailAddon[] {
  return (typeName && DETAIL[typeName]) || []
}

/** A view replacing a kind's list page while its URL carries `param` (e.g. `/measuringtools?due=30`). */
export interface ListView {
  typeName: string
  param: string
  /** The value a link to the view sets. */
  value: string
  label: string
  component: Component
}

const LIST_VIEWS: ListView[] = [
  { typeName: 'MeasuringTool', param: 'due', value: '30', label: 'Calibrations due', component: CalibrationsDuePage },
]

/** The list views offered for these kinds' type names. */
export function listViews(typeNames: string[]): ListView[] {
  return LIST_VIEWS.filter((v) => typeNames.includes(v.typeName))
}

/** The list view the URL asks for, if any. */
export function activeListView(typeNames: string[], query: LocationQuery): ListView | null {
  return listViews(typeNames).find((v) => query[v.param] != null) ?? null
}
