import { defineExtension } from '@shopdb/ui'
import CalibrationCard from './CalibrationCard.vue'
import CalibrationsDuePage from './CalibrationsDuePage.vue'
import CalibrationsDueTile from './CalibrationsDueTile.vue'

// The measuring tools plugin's UI: calibration history on a tool, the calibrations-due view
// of its list (/measuringtools?due=30) and its dashboard tile.
export default defineExtension({
  apiVersion: '1.0',
  install(ui) {
    ui.detailCard('MeasuringTool', {
      component: CalibrationCard,
      covers: ['calibrations', 'lastCalibratedAt', 'nextCalibrationDue', 'calibrationOverdue', 'calibrationIntervalDays'],
    })
    ui.listView({ typeName: 'MeasuringTool', param: 'due', value: '30', label: 'Calibrations due', component: CalibrationsDuePage })
    ui.dashboardTile('calibrationsdue', CalibrationsDueTile)
  },
})
