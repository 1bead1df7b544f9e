import { graphql } from './gql'

export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`)

// Sent only when the live schema has UsbDevice with these fields (this plugin's UI bundle).
export const UsbCheckoutFieldsFragment = graphql(`
  fragment UsbCheckoutFields on UsbCheckout {
    id
    holder
    reason
    checkedOutAt
    dueAt
    checkedInAt
    checkedOutBy
    checkedInBy
    isOverdue
  }
`)

export const UsbDeviceLoanFragment = graphql(`
  fragment UsbDeviceLoan on UsbDevice {
    id
    currentCheckout {
      ...UsbCheckoutFields
    }
    checkouts {
      ...UsbCheckoutFields
    }
  }
`)

export const UsbDeviceLoanQuery = graphql(`
  query UsbDeviceLoan($id: ID!) {
    asset(id: $id) {
      __typename
      id
      ... on UsbDevice {
        ...UsbDeviceLoan
      }
    }
  }
`)

export const CheckOutUsbDeviceMutation = graphql(`
  mutation CheckOutUsbDevice($id: ID!, $holder: String!, $dueAt: DateTime!, $reason: String) {
    checkOutUsbDevice(id: $id, holder: $holder, dueAt: $dueAt, reason: $reason) {
      usbDevice {
        ...UsbDeviceLoan
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const CheckInUsbDeviceMutation = graphql(`
  mutation CheckInUsbDevice($id: ID!) {
    checkInUsbDevice(id: $id) {
      usbDevice {
        ...UsbDeviceLoan
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)
