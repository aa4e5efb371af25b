export * from './address';
export * from './decode';
export * from './pcap';
export * from './tcpAnalysis';
