// Desktop notifications: who should be told what, decided from the entries a change added.
export { assignmentNotices, MAX_SEPARATE_NOTICES, type Notice } from './assignmentNotices';
export { approvalNotices } from './approvalNotices';
