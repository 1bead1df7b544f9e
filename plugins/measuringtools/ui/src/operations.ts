import { graphql } from './gql'

export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`)

// Sent only when the live schema has these fields (this plugin's UI bundle).
export const MeasuringToolCalibrationFieldsFragment = graphql(`
  fragment MeasuringToolCalibrationFields on MeasuringToolCalibration {
    id
    performedAt
    performedBy
    result
    certificate
    notes
  }
`)

export const MeasuringToolCalibrationsFragment = graphql(`
  fragment MeasuringToolCalibrations on MeasuringTool {
    id
    calibrationIntervalDays
    lastCalibratedAt
    nextCalibrationDue
    calibrationOverdue
    calibrations(first: $first) {
      ...MeasuringToolCalibrationFields
    }
  }
`)

export const MeasuringToolCalibrationsQuery = graphql(`
  query MeasuringToolCalibrations($id: ID!, $first: Int!) {
    asset(id: $id) {
      __typename
      id
      ... on MeasuringTool {
        ...MeasuringToolCalibrations
      }
    }
  }
`)

export const RecordCalibrationMutation = graphql(`
  mutation RecordCalibration($id: ID!, $input: CalibrationInput!, $first: Int!) {
    recordCalibration(id: $id, input: $input) {
      measuringTool {
        ...MeasuringToolCalibrations
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const CalibrationsDueQuery = graphql(`
  query CalibrationsDue($withinDays: Int!) {
    measuringToolsDueForCalibration(withinDays: $withinDays) {
      __typename
      id
      assetTag
      name
      toolNumber
      location {
        id
        name
      }
      calibrationIntervalDays
      lastCalibratedAt
      nextCalibrationDue
      calibrationOverdue
    }
  }
`)
